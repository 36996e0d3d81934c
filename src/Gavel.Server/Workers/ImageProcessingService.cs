using Gavel.Images;
using Gavel.Server.Features.Images;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Workers;

/// <summary>Runs the processor: at once when an upload signals, otherwise every <see cref="ImagesOptions.PollInterval"/>.</summary>
internal sealed class ImageProcessingService(
    ImageProcessor processor, ImageQueueSignal signal, TimeProvider clock, IOptions<ImagesOptions> options, ILogger<ImageProcessingService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkerEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var processed = 0;
            try
            {
                processed = await processor.RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The photo processor pass failed; retrying");
            }

            if (processed > 0)
            {
                continue;
            }

            try
            {
                await signal.WaitAsync(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

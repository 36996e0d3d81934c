using Gavel.Images;
using Gavel.Server.Features.Images;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Workers;

/// <summary>Runs the processor: at once when an upload signals, otherwise every <see cref="ImagesOptions.PollInterval"/>.</summary>
internal sealed class ImageProcessingService(
    ImageProcessor processor, ImageQueueSignal signal, TimeProvider clock, IOptions<ImagesOptions> options, ILogger<ImageProcessingService> logger)
    : BackgroundService
{
    /// <summary>The longest wait between failed passes (an upload still wakes the processor at once).</summary>
    private static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkerEnabled)
        {
            return;
        }

        var backoff = new RetryBackoff("The photo processor", options.Value.PollInterval, MaxRetryWait, logger);
        while (!stoppingToken.IsCancellationRequested)
        {
            var processed = 0;
            var wait = options.Value.PollInterval;
            try
            {
                processed = await processor.RunOnceAsync(stoppingToken);
                backoff.Succeeded();
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                wait = backoff.Failed(ex);
            }

            if (processed > 0)
            {
                continue;
            }

            try
            {
                await signal.WaitAsync(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

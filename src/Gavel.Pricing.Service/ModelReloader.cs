using Gavel.Pricing.Lifecycle;
using Microsoft.Extensions.Options;

namespace Gavel.Pricing.Service;

/// <summary>Serves the newest model in Pricing:ModelDirectory, looking for a newer one every Pricing:ReloadInterval.</summary>
internal sealed class ModelReloader(ModelCatalog catalog, TimeProvider clock, IOptions<PricingOptions> options, ILogger<ModelReloader> logger) : BackgroundService
{
    /// <summary>The model is loaded before the service takes requests (ExecuteAsync runs on a background thread).</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        catalog.Refresh();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.ReloadInterval, clock, stoppingToken);
                catalog.Refresh();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Looking for a newer price model failed");
            }
        }
    }
}

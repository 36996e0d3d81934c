using Gavel.Core.Data;
using Gavel.Pricing.Lifecycle;
using Gavel.Pricing.Platform;
using Gavel.Server.Workers;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Pricing;

/// <summary>
/// Every Pricing:ShillScanInterval, computes the shill features for the bidders of auctions that ended since the
/// last pass (the first pass looks back a week) and queues suspicious pairs for the admins.
/// </summary>
internal sealed class ShillScanService(
    ModelCatalog catalog, IServiceScopeFactory scopes, TimeProvider clock, IOptions<PricingOptions> options, ILogger<ShillScanService> logger) : BackgroundService
{
    private DateTimeOffset? scannedUntil;

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var since = scannedUntil ?? now - TimeSpan.FromDays(7);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GavelDbContext>();
        var queued = await ShillScanner.ScanEndedAsync(db, catalog.Shill, since, now, now, ct);
        scannedUntil = now;
        if (queued > 0)
        {
            logger.LogWarning("Queued {Count} bidder-auction pair(s) for shill bidding review", queued);
        }

        return queued;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ShillScanEnabled)
        {
            return;
        }

        // No growing wait: the interval is minutes already, and a failed pass's auctions are scanned by the next.
        var failures = new RetryBackoff("The shill scan", options.Value.ShillScanInterval, options.Value.ShillScanInterval, logger);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.ShillScanInterval, clock, stoppingToken);
                await RunOnceAsync(stoppingToken);
                failures.Succeeded();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures.Failed(ex);
            }
        }
    }
}

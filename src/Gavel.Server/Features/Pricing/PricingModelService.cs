using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Pricing.Lifecycle;
using Gavel.Pricing.Platform;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Pricing;

/// <summary>
/// Keeps the served model current: at start-up it loads the newest version, or trains a first one from the
/// database when there is none (Pricing:TrainOnStartup, the demo's first run); then it looks for a newer version
/// every Pricing:ReloadInterval, so `gavel pricing train` takes effect without a restart, and retrains every
/// Pricing:RetrainInterval when that is set.
/// </summary>
internal sealed class PricingModelService(
    ModelCatalog catalog,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<PricingOptions> options,
    IOptions<AuctionOptions> auctions,
    ILogger<PricingModelService> logger) : BackgroundService
{
    private DateTimeOffset lastTraining = DateTimeOffset.MinValue;

    /// <summary>Loads a newer model if there is one; trains when none exists yet or a retrain is due.</summary>
    public async Task RunOnceAsync(bool startup, CancellationToken ct)
    {
        catalog.Refresh();
        var retrainDue = options.Value.RetrainInterval is { } every && clock.GetUtcNow() - lastTraining >= every;
        if ((startup && options.Value.TrainOnStartup && catalog.Price is null) || (!startup && retrainDue))
        {
            await TrainAsync(ct);
            catalog.Refresh();
        }
    }

    public async Task<TrainingOutcome> TrainAsync(CancellationToken ct)
    {
        lastTraining = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GavelDbContext>();
        var outcome = await PricingTraining.TrainAsync(db, catalog.Store, options.Value, auctions.Value.Currency, clock, null, ct);
        if (outcome.Refusal is { } refusal)
        {
            logger.LogInformation("No price model trained: {Reason}", refusal);
        }
        else
        {
            logger.LogInformation("Trained price model {Version} on {Count} sold auctions in {Seconds:0.0} s", outcome.Version, outcome.Manifest!.TrainingAuctions, outcome.Elapsed.TotalSeconds);
        }

        return outcome;
    }

    /// <summary>The newest model is loaded before the server takes requests; ExecuteAsync runs on a background thread.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        catalog.Refresh();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var startup = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(startup, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Updating the price model failed; the current one keeps serving");
            }

            startup = false;
            try
            {
                await Task.Delay(options.Value.ReloadInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

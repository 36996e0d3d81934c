using Gavel.Core.Data;
using Gavel.Pricing.Datasets;
using Gavel.Pricing.Estimates;
using Gavel.Pricing.Evaluation;
using Gavel.Pricing.History;
using Gavel.Pricing.Lifecycle;
using Gavel.Pricing.Shill;

namespace Gavel.Pricing.Platform;

/// <summary>What a training run did: the saved version and its manifest, or why nothing was saved.</summary>
public sealed record TrainingOutcome(string? Version, ModelManifest? Manifest, string? Refusal, TimeSpan Elapsed);

/// <summary>
/// Trains on the platform's sold auctions: a held-out slice (fold 0 of FNV-1a of the auction id, as in the
/// shared split) measures the forests, which are trained on the rest and shipped exactly as measured; the
/// shipped model compares with every sold auction.
/// </summary>
public static class PricingTraining
{
    public static async Task<TrainingOutcome> TrainAsync(
        GavelDbContext db, ModelStore store, PricingOptions options, string currency, TimeProvider clock, ShillClassifier? shill, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var sold = await PlatformHistory.LoadSoldAsync(db, ct);
        if (sold.Count < options.MinimumTrainingAuctions)
        {
            return new TrainingOutcome(null, null,
                $"Only {sold.Count} sold auction(s) to learn from; training needs at least {options.MinimumTrainingAuctions} (Pricing:MinimumTrainingAuctions). Import history with `gavel pricing import`.",
                clock.GetElapsedTime(started));
        }

        var version = ModelStore.NewVersion(clock.GetUtcNow());
        var model = Train(sold, version, currency, clock.GetUtcNow(), new PriceTrainingOptions());
        if (shill is null && store.NewestVersion() is { } previous && store.LoadShill(previous) is { } carried)
        {
            shill = carried; // a price retrain keeps the shill classifier trained earlier
        }

        store.Save(model, shill);
        return new TrainingOutcome(version, model.Manifest, null, clock.GetElapsedTime(started));
    }

    /// <summary>Trains and measures in memory; also what the training benchmark times.</summary>
    public static PriceModel Train(IReadOnlyList<SoldAuction> sold, string version, string currency, DateTimeOffset now, PriceTrainingOptions options)
    {
        var holdout = sold.Where(s => Fnv1a.Fold(s.Key) == 0).ToList();
        var fit = sold.Where(s => Fnv1a.Fold(s.Key) != 0).ToList();
        if (holdout.Count < 10)
        {
            (fit, holdout) = ([.. sold], []); // too little to hold any back: ship without held-out figures
        }

        var manifest = new ModelManifest(version, now, ModelManifest.CurrentFormat, options.Signal, options.Checkpoints, fit.Count, holdout.Count, sold.Count, currency, null);
        var model = PriceModelTrainer.Train(fit, options, manifest);
        var metrics = holdout.Count == 0 ? null : Measure(model, holdout);
        return model with
        {
            Manifest = model.Manifest with { Holdout = metrics, HoldoutAuctions = holdout.Count, ComparableAuctions = sold.Count },
            Index = new ComparableIndex(sold.Select(ComparableEntry.From)),
        };
    }

    private static HoldoutMetrics Measure(PriceModel model, List<SoldAuction> holdout)
    {
        var listing = holdout.AsParallel().AsOrdered().Select(s =>
        {
            var range = model.PredictListing(s.Listing, model.Index.Lookup(s.Listing));
            return new Scored(s.Listing.Category ?? "", s.FinalPrice, range.Median, range);
        }).ToList();
        var live = model.Live.Count == 0 ? [] : holdout.Where(s => s.Bids.Count > 0).AsParallel().AsOrdered().Select(s =>
        {
            var snapshot = LiveSnapshot.At(s.Listing.StartingPrice, s.Bids, PricingEvaluation.LiveAt, model.Manifest.Signal);
            var range = model.PredictLive(s.Listing, model.Index.Lookup(s.Listing), snapshot);
            return new Scored(s.Listing.Category ?? "", s.FinalPrice, range.Median, range);
        }).ToList();
        return new HoldoutMetrics(ScenarioMetrics.Of(listing), live.Count == 0 ? null : ScenarioMetrics.Of(live));
    }
}

using System.Collections.Concurrent;
using Gavel.Pricing.History;
using Gavel.Pricing.Lifecycle;
using Microsoft.ML;

namespace Gavel.Pricing.Estimates;

public sealed record PriceTrainingOptions
{
    public static readonly IReadOnlyList<double> DefaultCheckpoints = [0.25, 0.5, 0.75, 0.9];

    public ForestOptions Forest { get; init; } = new();

    public LiveSignal Signal { get; init; } = LiveSignal.Visible;

    /// <summary>Fractions of the auction elapsed at which live forests are trained; a forecast uses the nearest.</summary>
    public IReadOnlyList<double> Checkpoints { get; init; } = DefaultCheckpoints;

    /// <summary>How many forests train at once (each on one thread).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>
/// Trains the listing forest and the live forests from sold auctions only. Every training row sees its
/// comparables leave-one-out, exactly as a new listing sees the sales before it.
/// </summary>
public static class PriceModelTrainer
{
    public const int MinimumLiveAuctions = 10;

    public static PriceModel Train(IReadOnlyList<SoldAuction> sold, PriceTrainingOptions options, ModelManifest manifest)
    {
        var index = new ComparableIndex(sold.Select(ComparableEntry.From));
        var references = new Reference[sold.Count];
        Parallel.For(0, sold.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism }, i =>
            references[i] = index.Lookup(sold[i].Listing, sold[i].Key));

        // Live forests learn only from auctions with a bid history (imported eBay rows have none).
        var checkpoints = sold.Count(s => s.Bids.Count > 0) >= MinimumLiveAuctions ? options.Checkpoints : [];
        var jobs = new List<(string Name, int Features, Func<List<ForestRow>> Rows)>
        {
            ("listing", PriceFeatures.ListingLength, () => ListingRows(sold, references)),
        };
        jobs.AddRange(checkpoints.Select(c =>
            ($"live-{c:0.00}", PriceFeatures.LiveLength, (Func<List<ForestRow>>)(() => LiveRows(sold, references, c, options.Signal)))));

        var forests = new ConcurrentDictionary<string, QuantileForest>();
        Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism }, job =>
            forests[job.Name] = QuantileForest.Train(new MLContext(options.Forest.Seed), job.Rows(), job.Features, options.Forest));

        return new PriceModel
        {
            Manifest = manifest with { Signal = options.Signal, Checkpoints = checkpoints, TrainingAuctions = sold.Count },
            Listing = forests["listing"],
            Live = [.. checkpoints.Order().Select(c => (c, forests[$"live-{c:0.00}"]))],
            Index = index,
        };
    }

    private static List<ForestRow> ListingRows(IReadOnlyList<SoldAuction> sold, Reference[] references)
    {
        var rows = new List<ForestRow>(sold.Count);
        for (var i = 0; i < sold.Count; i++)
        {
            var features = new float[PriceFeatures.ListingLength];
            PriceFeatures.WriteListing(sold[i].Listing, references[i], features);
            rows.Add(new ForestRow { Features = features, Label = (float)PriceFeatures.Log(sold[i].FinalPrice) });
        }

        return rows;
    }

    /// <summary>Live rows learn the log growth from the price at the checkpoint to the final price.</summary>
    private static List<ForestRow> LiveRows(IReadOnlyList<SoldAuction> sold, Reference[] references, double checkpoint, LiveSignal signal)
    {
        var rows = new List<ForestRow>(sold.Count);
        for (var i = 0; i < sold.Count; i++)
        {
            if (sold[i].Bids.Count == 0)
            {
                continue;
            }

            var snapshot = LiveSnapshot.At(sold[i].Listing.StartingPrice, sold[i].Bids, checkpoint, signal);
            var features = new float[PriceFeatures.LiveLength];
            PriceFeatures.WriteLive(sold[i].Listing, references[i], snapshot, features);
            rows.Add(new ForestRow { Features = features, Label = (float)(PriceFeatures.Log(sold[i].FinalPrice) - features[PriceFeatures.LivePrice]) });
        }

        return rows;
    }
}

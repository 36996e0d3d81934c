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

    /// <summary>
    /// Calibrate the 80% ranges on a slice the forests did not see (split conformal). Trees fit their leaves to the
    /// training labels, so raw leaf quantiles are too narrow on new sales, the more so the more leaves.
    /// </summary>
    public bool CalibrateIntervals { get; init; } = true;

    /// <summary>
    /// The live forests' smallest leaf. The growth still to come at a checkpoint is noisy (a late bid can double the
    /// price), so the live trees are bounded by how many sales a leaf averages (at least 20) rather than by a leaf
    /// count (at least <see cref="LiveMinimumLeaves"/>). On auction.csv, cross-validation over the four training folds
    /// of the shared split (the test fold unseen) chose this over the listing forest's shape: MAE 47.8 against 48.4.
    /// </summary>
    public int LiveMinimumLeafSize { get; init; } = 20;

    public int LiveMinimumLeaves { get; init; } = 16;

    /// <summary>
    /// Calibrate the live ranges per category as well (Mondrian conformal): a category with enough calibration sales
    /// gets its own scale, the rest the pooled one. One scale for all leaves a noisy category short and widens a quiet
    /// one: on auction.csv's training folds the pooled scale covered 71-72% of the watches and 85-89% of the PDAs.
    /// </summary>
    public bool CalibrateLiveByCategory { get; init; } = true;

    /// <summary>The calibration forests learn from at most this many sales: the scale, not the forest, is what they are for.</summary>
    public int CalibrationRows { get; init; } = 20_000;
}

/// <summary>
/// Trains the listing forest and the live forests from sold auctions only. Every training row sees its
/// comparables leave-one-out, exactly as a new listing sees the sales before it.
/// </summary>
public static class PriceModelTrainer
{
    public const int MinimumLiveAuctions = 10;

    public const double Coverage = 0.8;
    private const int MinimumCalibrationRows = 20;
    private const int CrossCalibrationBelow = 5_000;
    private const int MaximumCalibrationScores = 5_000;

    /// <summary>A category needs this many calibration sales for a scale of its own (the 80% quantile of fewer is too noisy).</summary>
    public const int MinimumGroupCalibrationRows = 50;

    public static PriceModel Train(IReadOnlyList<SoldAuction> sold, PriceTrainingOptions options, ModelManifest manifest)
    {
        var model = TrainForests(sold, options, manifest);
        if (!options.CalibrateIntervals || sold.Count < MinimumCalibrationRows * 5)
        {
            return model;
        }

        // Forests trained without a slice judge it as they will judge new sales. Small data pools all five
        // slices (every sale calibrates once); large data needs one slice and a capped probe.
        int Fold(SoldAuction s) => (int)(Datasets.Fnv1a.Hash(s.Key + "#calibration") % 5);
        var folds = sold.Count < CrossCalibrationBelow ? 5 : 1;
        var listingScores = new List<Calibrated>();
        var liveScores = model.Live.Select(_ => new List<(string Group, Calibrated Score)>()).ToList();
        for (var fold = 0; fold < folds; fold++)
        {
            var calibration = sold.Where(s => Fold(s) == fold).ToList();
            var proper = sold.Where(s => Fold(s) != fold).ToList();
            var step = Math.Max(1, proper.Count / options.CalibrationRows);
            // Probes grow as many leaves as the final forests: leaf size, not row count, decides how narrow leaves are.
            var probeOptions = options with { Forest = options.Forest with { Leaves = options.Forest.LeavesFor(sold.Count) } };
            var probe = TrainForests([.. proper.Where((_, i) => i % step == 0)], probeOptions, manifest);
            // A few thousand sales pin the 80% quantile down; scoring more only costs time.
            var every = Math.Max(1, calibration.Count / MaximumCalibrationScores);
            var scored = calibration.Where((_, i) => i % every == 0).AsParallel().AsOrdered().WithDegreeOfParallelism(options.Parallelism).Select(sale =>
            {
                var reference = probe.Index.Lookup(sale.Listing);
                var actual = PriceFeatures.Log(sale.FinalPrice);
                var live = probe.Live.Count != model.Live.Count || sale.Bids.Count == 0
                    ? []
                    : model.Live.Select(l =>
                    {
                        var snapshot = LiveSnapshot.At(sale.Listing.StartingPrice, sale.Bids, l.Checkpoint, options.Signal);
                        return new Calibrated(actual, probe.LiveLogQuantiles(sale.Listing, reference, snapshot), PriceModel.LiveLogFloor(options.Signal, snapshot));
                    }).ToList();
                return (Group: CalibrationGroup(sale.Listing), Listing: new Calibrated(actual, probe.ListingLogQuantiles(sale.Listing, reference), null), Live: live);
            }).ToList();
            foreach (var (group, listing, live) in scored)
            {
                listingScores.Add(listing);
                for (var i = 0; i < live.Count; i++)
                {
                    liveScores[i].Add((group, live[i]));
                }
            }
        }

        return model with
        {
            Manifest = model.Manifest with
            {
                ListingScale = Scale(listingScores),
                LiveScales = [.. liveScores.Select(s => Scale([.. s.Select(r => r.Score)]))],
                LiveGroupScales = options.CalibrateLiveByCategory ? [.. liveScores.Select(GroupScales)] : null,
            },
        };
    }

    /// <summary>The group a sale is calibrated in under Mondrian calibration: its category (all uncategorised sales together).</summary>
    public static string CalibrationGroup(Listing listing) => listing.Category ?? "";

    /// <summary>The scale of every category with enough calibration sales, from its own sales only.</summary>
    private static Dictionary<string, double> GroupScales(List<(string Group, Calibrated Score)> rows) =>
        rows.GroupBy(r => r.Group, StringComparer.Ordinal)
            .Where(g => g.Count() >= MinimumGroupCalibrationRows)
            .ToDictionary(g => g.Key, g => Scale([.. g.Select(r => r.Score)]), StringComparer.Ordinal);

    /// <summary>
    /// The factor that makes [median - s(median - p10), median + s(p90 - median)] hold 80% of the slice: the
    /// conformal quantile of each sale's distance from the median in units of its own half-range.
    /// </summary>
    internal static double Scale(List<Calibrated> rows)
    {
        var scores = rows.Select(r => r.Actual < r.Q.Median
                ? PriceModel.LowAtFloor(r.Q.Low, r.Floor) && r.Actual <= r.Floor!.Value + PriceModel.FloorTolerance
                    ? 0 // the range keeps its floor whatever the scale (see PriceModel.Range)
                    : (r.Q.Median - r.Actual) / Math.Max(r.Q.Median - r.Q.Low, 1e-3)
                : (r.Actual - r.Q.Median) / Math.Max(r.Q.High - r.Q.Median, 1e-3))
            .Order().ToList();
        if (scores.Count < MinimumCalibrationRows)
        {
            return 1;
        }

        var rank = Math.Min(scores.Count - 1, (int)Math.Ceiling((scores.Count + 1) * Coverage) - 1);
        return Math.Round(Math.Clamp(scores[rank], 0.25, 10), 4);
    }

    /// <summary>One calibration sale: its log1p final price, the probe's raw log quantiles, and the hard floor (log1p) if any.</summary>
    internal readonly record struct Calibrated(double Actual, (double Low, double Median, double High) Q, double? Floor);

    private static PriceModel TrainForests(IReadOnlyList<SoldAuction> sold, PriceTrainingOptions options, ModelManifest manifest)
    {
        var index = new ComparableIndex(sold.Select(ComparableEntry.From));
        var references = new Reference[sold.Count];
        Parallel.For(0, sold.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism }, i =>
            references[i] = index.Lookup(sold[i].Listing, sold[i].Key));

        // Live forests learn only from auctions with a bid history (imported eBay rows have none).
        var checkpoints = sold.Count(s => s.Bids.Count > 0) >= MinimumLiveAuctions ? options.Checkpoints : [];
        var liveForest = options.Forest with
        {
            MinimumLeafSize = options.LiveMinimumLeafSize,
            Leaves = Math.Max(options.LiveMinimumLeaves, options.Forest.LeavesFor(sold.Count)),
        };
        var jobs = new List<(string Name, int Features, ForestOptions Forest, Func<List<ForestRow>> Rows)>
        {
            ("listing", PriceFeatures.ListingLength, options.Forest, () => ListingRows(sold, references)),
        };
        jobs.AddRange(checkpoints.Select(c =>
            ($"live-{c:0.00}", PriceFeatures.LiveLength, liveForest, (Func<List<ForestRow>>)(() => LiveRows(sold, references, c, options.Signal)))));

        var forests = new ConcurrentDictionary<string, QuantileForest>();
        Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism }, job =>
            forests[job.Name] = QuantileForest.Train(new MLContext(job.Forest.Seed), job.Rows(), job.Features, job.Forest));

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

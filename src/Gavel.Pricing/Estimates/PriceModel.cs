using Gavel.Pricing.History;
using Gavel.Pricing.Lifecycle;

namespace Gavel.Pricing.Estimates;

/// <summary>The low, median and high (p10, p50, p90) of a price distribution, in dollars.</summary>
public readonly record struct PriceRange(decimal Low, decimal Median, decimal High)
{
    public bool Contains(decimal price) => price >= Low && price <= High;
}

/// <summary>
/// A trained price model: a quantile forest for listings, one per live checkpoint (fraction of the auction
/// elapsed) for forecasts, and the sold auctions they compare with. Immutable and thread-safe.
/// </summary>
public sealed record PriceModel
{
    private static readonly double[] Quantiles = [0.1, 0.5, 0.9];

    public required ModelManifest Manifest { get; init; }

    public required QuantileForest Listing { get; init; }

    /// <summary>Live forests by checkpoint, ascending.</summary>
    public required IReadOnlyList<(double Checkpoint, QuantileForest Forest)> Live { get; init; }

    public required ComparableIndex Index { get; init; }

    public string Version => Manifest.Version;

    public PriceEstimate Estimate(Listing listing)
    {
        var reference = Index.Lookup(listing);
        if (reference.Basis == ComparableBasis.TooFew)
        {
            return TooFew(listing, reference);
        }

        return Answer(listing, PredictListing(listing, reference));
    }

    public PriceEstimate Forecast(Listing listing, IReadOnlyList<BidEvent> bids, double elapsed)
    {
        var reference = Index.Lookup(listing);
        if (reference.Basis == ComparableBasis.TooFew)
        {
            return TooFew(listing, reference);
        }

        if (Live.Count == 0)
        {
            return PriceEstimate.Insufficient("The price model has no live forecasts: none of its sold auctions came with a bid history.", Version);
        }

        var snapshot = LiveSnapshot.At(listing.StartingPrice, bids, elapsed, Manifest.Signal);
        return Answer(listing, PredictLive(listing, reference, snapshot));
    }

    /// <summary>The listing-time range given what the comparables say (looked up leave-one-out when evaluating).</summary>
    public PriceRange PredictListing(Listing listing, Reference reference) =>
        Range(ListingLogQuantiles(listing, reference), Manifest.ListingScale, listing.StartingPrice, null); // a sale is never below the starting price

    public PriceRange PredictLive(Listing listing, Reference reference, LiveSnapshot snapshot)
    {
        // The visible price never falls, so the final price is at least today's; a hidden maximum promises nothing.
        var floor = Manifest.Signal == LiveSignal.Visible ? snapshot.Price : listing.StartingPrice;
        return Range(LiveLogQuantiles(listing, reference, snapshot), LiveScale(listing, LiveIndexAt(snapshot.Elapsed)), floor, LiveLogFloor(Manifest.Signal, snapshot));
    }

    /// <summary>The calibrated scale of a live range: the listing's category's own where it had enough calibration sales, else the pooled one.</summary>
    internal double LiveScale(Listing listing, int at) =>
        Manifest.LiveGroupScales is { } groups && at < groups.Count && groups[at].TryGetValue(PriceModelTrainer.CalibrationGroup(listing), out var own) ? own
        : Manifest.LiveScales is { } scales && at < scales.Count ? scales[at]
        : 1;

    /// <summary>
    /// The live price no final price can fall below, in log1p dollars: the visible price (the growth's zero, to the float
    /// precision the forest's features and labels carry). A hidden maximum is no such floor.
    /// </summary>
    internal static double? LiveLogFloor(LiveSignal signal, LiveSnapshot snapshot) =>
        signal == LiveSignal.Visible ? (float)PriceFeatures.Log(snapshot.Price) : null;

    internal const double FloorTolerance = 1e-5;

    /// <summary>Whether the raw p10 already sits on the floor: at least a tenth of similar sales ended at today's price.</summary>
    internal static bool LowAtFloor(double logLow, double? logFloor) => logFloor is { } floor && logLow <= floor + FloorTolerance;

    /// <summary>The forest's p10, p50 and p90 of log1p(final price), before calibration.</summary>
    internal (double Low, double Median, double High) ListingLogQuantiles(Listing listing, Reference reference)
    {
        Span<float> features = stackalloc float[PriceFeatures.ListingLength];
        PriceFeatures.WriteListing(listing, reference, features);
        Span<double> q = stackalloc double[3];
        Listing.Quantiles(features, Quantiles, q);
        return (q[0], q[1], q[2]);
    }

    internal (double Low, double Median, double High) LiveLogQuantiles(Listing listing, Reference reference, LiveSnapshot snapshot)
    {
        Span<float> features = stackalloc float[PriceFeatures.LiveLength];
        PriceFeatures.WriteLive(listing, reference, snapshot, features);
        Span<double> q = stackalloc double[3];
        Live[LiveIndexAt(snapshot.Elapsed)].Forest.Quantiles(features, Quantiles, q);
        var logPrice = features[PriceFeatures.LivePrice];
        return (logPrice + q[0], logPrice + q[1], logPrice + q[2]);
    }

    internal int LiveIndexAt(double elapsed)
    {
        var best = 0;
        for (var i = 1; i < Live.Count; i++)
        {
            if (Math.Abs(Live[i].Checkpoint - elapsed) < Math.Abs(Live[best].Checkpoint - elapsed))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// Widens (or narrows) the range around the median by the calibrated scale, in log space. A p10 already on the hard
    /// floor stays there: ending at today's price is the commonest single outcome late in an auction (a point mass),
    /// and a scale below 1 would otherwise lift the low end just past it. The calibration scores the same way.
    /// </summary>
    private static PriceRange Range((double Low, double Median, double High) q, double scale, decimal floor, double? logFloor) => new(
        LowAtFloor(q.Low, logFloor) ? floor : Math.Max(floor, PriceFeatures.Exp(q.Median - (scale * (q.Median - q.Low)))),
        Math.Max(floor, PriceFeatures.Exp(q.Median)),
        Math.Max(floor, PriceFeatures.Exp(q.Median + (scale * (q.High - q.Median)))));

    private PriceEstimate Answer(Listing listing, PriceRange range)
    {
        var (comparables, count) = Index.Comparables(listing, 5);
        return new PriceEstimate(
            PriceEstimate.Ok,
            Cents(range.Median),
            Cents(range.Low),
            Cents(range.High),
            [.. comparables.Select(c => new ComparableSale(c.AuctionId, c.Title, c.FinalPrice, c.EndedAt))],
            count,
            Version,
            null);
    }

    private PriceEstimate TooFew(Listing listing, Reference reference) => PriceEstimate.Insufficient(
        listing.Category is null
            ? $"Only {reference.TitleCount} sold auction(s) have a title like this one and no category was given; an estimate needs at least {ComparableIndex.MinimumComparables} comparable sales."
            : $"Only {reference.CategoryCount} sold auction(s) in this category and {reference.TitleCount} with a similar title; an estimate needs at least {ComparableIndex.MinimumComparables} comparable sales.",
        Version);

    private static decimal Cents(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}

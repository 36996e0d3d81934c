using Gavel.Pricing.Estimates;
using Gavel.Pricing.History;

namespace Gavel.Pricing.Lifecycle;

/// <summary>Estimates and forecasts: what the API and the pricing service ask for, in-process or over the wire.</summary>
public interface IPriceEstimator
{
    ValueTask<PriceEstimate> EstimateAsync(Listing listing, CancellationToken ct);

    /// <summary>The final price of a live auction from its bids so far (visible prices only) at <paramref name="elapsed"/> (0-1).</summary>
    ValueTask<PriceEstimate> ForecastAsync(Listing listing, IReadOnlyList<BidEvent> bids, double elapsed, CancellationToken ct);
}

/// <summary>Serves the catalog's current model in-process; with no model it says so instead of failing.</summary>
public sealed class LocalPriceEstimator(ModelCatalog catalog) : IPriceEstimator
{
    public const string NoModelReason = "No price model has been trained yet: it needs sold auctions (run `gavel pricing train`, or import history with `gavel pricing import`).";

    public ValueTask<PriceEstimate> EstimateAsync(Listing listing, CancellationToken ct) =>
        ValueTask.FromResult(catalog.Price is { } model ? model.Estimate(listing) : PriceEstimate.Insufficient(NoModelReason));

    public ValueTask<PriceEstimate> ForecastAsync(Listing listing, IReadOnlyList<BidEvent> bids, double elapsed, CancellationToken ct) =>
        ValueTask.FromResult(catalog.Price is { } model ? model.Forecast(listing, bids, elapsed) : PriceEstimate.Insufficient(NoModelReason));
}

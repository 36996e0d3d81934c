using Gavel.Pricing.Estimates;
using Gavel.Pricing.History;
using Gavel.Pricing.Platform;

namespace Gavel.Bench.Pricing;

internal static class Models
{
    /// <summary>Trains exactly as `gavel pricing train` does (held-out slice, metrics, full comparables index), on synthetic sales.</summary>
    public static PriceModel Train(int auctions) =>
        PricingTraining.Train(SyntheticHistory.Generate(auctions), "pricing-bench", "USD", DateTimeOffset.UtcNow, new PriceTrainingOptions());
}

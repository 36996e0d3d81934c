using Gavel.Pricing.Estimates;
using Gavel.Pricing.History;
using Gavel.Pricing.Lifecycle;

namespace Gavel.Pricing.Tests;

/// <summary>One small model on synthetic history, trained once for the tests that only read it.</summary>
internal static class TrainedModels
{
    private static readonly Lazy<PriceModel> SyntheticModel = new(() => Train(SyntheticHistory.Generate(400), "pricing-test"));

    public static PriceModel Synthetic => SyntheticModel.Value;

    public static PriceModel Train(IReadOnlyList<SoldAuction> sold, string version) =>
        PriceModelTrainer.Train(
            sold,
            new PriceTrainingOptions { Forest = new ForestOptions(Trees: 40) },
            new ModelManifest(version, DateTimeOffset.UnixEpoch, ModelManifest.CurrentFormat, LiveSignal.Visible, [], 0, 0, sold.Count, "USD", null));
}

using Gavel.Pricing.History;
using Gavel.Pricing.Lifecycle;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gavel.Pricing.Tests;

public sealed class ModelStoreTests
{
    private static readonly Listing Leica = new("Leica rangefinder camera", "cameras", null, 400m, 5, null);

    [Fact]
    public void ASavedModelLoadsAndEstimatesExactlyAsBefore()
    {
        using var folder = new TempFolder();
        var store = new ModelStore(folder.Path);
        var model = TrainedModels.Synthetic with { Manifest = TrainedModels.Synthetic.Manifest with { Version = "pricing-20260101T000000000Z" } };

        store.Save(model, null);
        var loaded = store.Load("pricing-20260101T000000000Z");

        Assert.Equal(model.Estimate(Leica), loaded.Estimate(Leica), EstimateComparer.Instance);
        var bids = SyntheticHistory.Bids(new Random(3), 400m, 1300m);
        Assert.Equal(model.Forecast(Leica, bids, 0.8), loaded.Forecast(Leica, bids, 0.8), EstimateComparer.Instance);
        // The per-category live scales travel in the manifest.
        Assert.Contains(model.Manifest.LiveGroupScales!, groups => groups.Count > 0);
        Assert.Equal(
            model.Manifest.LiveGroupScales!.Select(groups => groups.OrderBy(g => g.Key, StringComparer.Ordinal).ToList()),
            loaded.Manifest.LiveGroupScales!.Select(groups => groups.OrderBy(g => g.Key, StringComparer.Ordinal).ToList()));
    }

    [Fact]
    public void TheCatalogServesTheNewestVersionWithoutARestart()
    {
        using var folder = new TempFolder();
        var store = new ModelStore(folder.Path);
        var catalog = new ModelCatalog(store, NullLogger<ModelCatalog>.Instance);
        Assert.False(catalog.Refresh());
        Assert.Null(catalog.Price);

        store.Save(TrainedModels.Synthetic with { Manifest = TrainedModels.Synthetic.Manifest with { Version = "pricing-20260101T000000000Z" } }, null);
        Assert.True(catalog.Refresh());
        Assert.Equal("pricing-20260101T000000000Z", catalog.Price!.Version);

        store.Save(TrainedModels.Synthetic with { Manifest = TrainedModels.Synthetic.Manifest with { Version = "pricing-20260102T000000000Z" } }, null);
        Directory.CreateDirectory(Path.Combine(folder.Path, "pricing-20990101T000000000Z")); // being written: no manifest yet
        Assert.True(catalog.Refresh());
        Assert.Equal("pricing-20260102T000000000Z", catalog.Price!.Version);
        Assert.False(catalog.Refresh());
    }

    [Fact]
    public void ABrokenModelIsSkippedAndThePreviousOneKeepsServing()
    {
        using var folder = new TempFolder();
        var store = new ModelStore(folder.Path);
        var catalog = new ModelCatalog(store, NullLogger<ModelCatalog>.Instance);
        store.Save(TrainedModels.Synthetic with { Manifest = TrainedModels.Synthetic.Manifest with { Version = "pricing-20260101T000000000Z" } }, null);
        catalog.Refresh();

        var broken = Path.Combine(folder.Path, "pricing-20260102T000000000Z");
        Directory.CreateDirectory(broken);
        File.WriteAllText(Path.Combine(broken, "manifest.json"), "{ not json");

        Assert.False(catalog.Refresh());
        Assert.Equal("pricing-20260101T000000000Z", catalog.Price!.Version);
    }

    private sealed class EstimateComparer : IEqualityComparer<Estimates.PriceEstimate>
    {
        public static readonly EstimateComparer Instance = new();

        public bool Equals(Estimates.PriceEstimate? x, Estimates.PriceEstimate? y) =>
            x is not null && y is not null && x.Status == y.Status && x.Median == y.Median && x.Low == y.Low && x.High == y.High
            && x.ComparableCount == y.ComparableCount && x.Comparables.SequenceEqual(y.Comparables);

        public int GetHashCode(Estimates.PriceEstimate obj) => obj.Status.GetHashCode(StringComparison.Ordinal);
    }
}

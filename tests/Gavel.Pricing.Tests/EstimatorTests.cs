using Gavel.Pricing.Estimates;
using Gavel.Pricing.History;
using Gavel.Pricing.Lifecycle;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gavel.Pricing.Tests;

public sealed class EstimatorTests
{
    private static readonly Listing Seiko = new("Seiko diver watch", "watches", null, 100m, 7, DayOfWeek.Sunday);

    [Fact]
    public async Task WithoutAModelTheEstimatorAnswersInsufficientDataWithTheReason()
    {
        using var folder = new TempFolder();
        var estimator = new LocalPriceEstimator(new ModelCatalog(new ModelStore(folder.Path), NullLogger<ModelCatalog>.Instance));

        var estimate = await estimator.EstimateAsync(Seiko, TestContext.Current.CancellationToken);
        var forecast = await estimator.ForecastAsync(Seiko, [], 0.5, TestContext.Current.CancellationToken);

        foreach (var answer in new[] { estimate, forecast })
        {
            Assert.Equal("insufficient_data", answer.Status);
            Assert.Contains("No price model", answer.Reason);
            Assert.Null(answer.Median);
        }
    }

    [Fact]
    public void AnEstimateGivesAMedianInsideItsEightyPercentRangeWithComparables()
    {
        var estimate = TrainedModels.Synthetic.Estimate(Seiko);

        Assert.Equal("ok", estimate.Status);
        Assert.True(estimate.Low <= estimate.Median && estimate.Median <= estimate.High, $"{estimate.Low} <= {estimate.Median} <= {estimate.High}");
        Assert.InRange(estimate.Median!.Value, 150m, 600m); // the synthetic Seiko is worth 300
        Assert.Equal(5, estimate.Comparables.Count);
        Assert.All(estimate.Comparables, c => Assert.Equal("Seiko diver watch", c.Title));
        Assert.Equal(50, estimate.ComparableCount); // 400 synthetic sales over 8 items
        Assert.Equal("pricing-test", estimate.ModelVersion);
    }

    [Fact]
    public void AnItemWithoutComparableSalesGetsInsufficientDataNotAGuess()
    {
        var unknown = TrainedModels.Synthetic.Estimate(new Listing("Steinway grand piano", "instruments-rare", null, 1000m, 7, null));
        var noCategory = TrainedModels.Synthetic.Estimate(new Listing("Steinway grand piano", null, null, 1000m, 7, null));

        Assert.Equal("insufficient_data", unknown.Status);
        Assert.Contains("at least 5 comparable sales", unknown.Reason);
        Assert.Equal("insufficient_data", noCategory.Status);
    }

    [Fact]
    public void TheEstimateNeverFallsBelowTheStartingPrice()
    {
        var estimate = TrainedModels.Synthetic.Estimate(Seiko with { StartingPrice = 900m });

        Assert.Equal(900m, estimate.Low);
        Assert.True(estimate.Median >= 900m);
    }

    [Fact]
    public void TheForecastFollowsTheBidsAsTheyCome()
    {
        var model = TrainedModels.Synthetic;
        var listing = Seiko with { StartingPrice = 50m };
        var early = model.Forecast(listing, [], 0.5);
        var bids = new List<BidEvent>
        {
            new(0.2, "a", 50m, 0m),
            new(0.4, "b", 180m, 0m),
            new(0.7, "a", 320m, 0m),
            new(0.85, "c", 410m, 0m),
        };

        var afterTwo = model.Forecast(listing, bids[..2], 0.5);
        var afterFour = model.Forecast(listing, bids, 0.9);

        Assert.All(new[] { early, afterTwo, afterFour }, f => Assert.Equal("ok", f.Status));
        Assert.True(afterFour.Median > afterTwo.Median, $"{afterFour.Median} > {afterTwo.Median}");
        Assert.True(afterFour.Low >= 410m, "the final price is never below the visible price");
        Assert.NotEqual(early.Median, afterTwo.Median);
    }

    [Fact]
    public void BidsAfterTheMomentOfTheForecastAreIgnored()
    {
        var bids = new List<BidEvent> { new(0.3, "a", 100m, 0m), new(0.8, "b", 500m, 0m) };

        var snapshot = LiveSnapshot.At(50m, bids, 0.5);

        Assert.Equal(new LiveSnapshot(0.5, 100m, 1, 1, 0.3, 50m), snapshot);
    }
}

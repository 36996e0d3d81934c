using Gavel.Pricing.Estimates;
using Gavel.Pricing.History;
using Gavel.Pricing.Lifecycle;

namespace Gavel.Pricing.Tests;

/// <summary>
/// The live ranges' calibration: per category (Mondrian conformal) and with the visible price as a hard floor. Two
/// made-up categories look the same to the forest (same worth, same bidding) but one rises little after 90% of the
/// auction and the other a lot, so one pooled scale cannot serve both.
/// </summary>
public sealed class LiveCalibrationTests
{
    private const string Quiet = "stamps";
    private const string Noisy = "watches";
    private const double At = 0.9;

    private static readonly Lazy<(PriceModel Pooled, PriceModel Mondrian)> Models = new(() =>
    {
        var sold = Sales(1_000, seed: 11);
        return (Train(sold, byCategory: false), Train(sold, byCategory: true));
    });

    [Fact]
    public void EachCategoryWithEnoughSalesGetsItsOwnScaleAndTheNoisyOneIsWider()
    {
        var scales = Models.Value.Mondrian.Manifest.LiveGroupScales!.Single();

        Assert.Equal(new[] { Noisy, Quiet }.Order(StringComparer.Ordinal), scales.Keys.Order(StringComparer.Ordinal));
        Assert.True(scales[Noisy] > 1.5 * scales[Quiet], $"noisy {scales[Noisy]}, quiet {scales[Quiet]}");
        Assert.Null(Models.Value.Pooled.Manifest.LiveGroupScales);
    }

    [Fact]
    public void PerCategoryCalibrationBringsEachCategorysCoverageCloserToEightyPercentThanOneScale()
    {
        var fresh = Sales(600, seed: 12);

        var pooled = CoverageByCategory(Models.Value.Pooled, fresh);
        var mondrian = CoverageByCategory(Models.Value.Mondrian, fresh);

        // One scale for both: the noisy category's range is short, the quiet one's long. (How far off each lands depends
        // on how well the forest tells the two apart, which varies with the calibration slices; the direction does not.)
        var figures = $"pooled: noisy {pooled[Noisy]:P1}, quiet {pooled[Quiet]:P1}; per category: noisy {mondrian[Noisy]:P1}, quiet {mondrian[Quiet]:P1}";
        Assert.True(pooled[Noisy] < 0.75 && pooled[Quiet] > 0.85, figures);
        Assert.True(mondrian[Noisy] > pooled[Noisy] + 0.05 && mondrian[Quiet] < pooled[Quiet], figures);
        Assert.True(Math.Abs(mondrian[Quiet] - 0.8) < Math.Abs(pooled[Quiet] - 0.8), figures);
    }

    [Fact]
    public void ACategoryWithTooFewCalibrationSalesFallsBackOnThePooledScale()
    {
        var model = Models.Value.Mondrian;
        var unseen = new Listing("Brass compass", "nautical", null, 20m, 7, DayOfWeek.Sunday);

        Assert.Equal(model.Manifest.LiveScales!.Single(), model.LiveScale(unseen, 0));
        Assert.Equal(model.Manifest.LiveGroupScales!.Single()[Noisy], model.LiveScale(ListingIn(Noisy, 20m), 0));
    }

    [Fact]
    public void ASaleEndingAtTheFloorWithTheLowAlreadyThereScoresZeroSoTheScaleNeverLiftsTheLowPastIt()
    {
        const double floor = 5.0;
        // Thirty sales ended at today's price with the forest's p10 on it; seventy ended half-way up the upper half-range.
        List<PriceModelTrainer.Calibrated> rows =
        [
            .. Enumerable.Repeat(new PriceModelTrainer.Calibrated(floor, (floor, 5.2, 5.4), floor), 30),
            .. Enumerable.Repeat(new PriceModelTrainer.Calibrated(5.3, (floor, 5.2, 5.4), floor), 70),
        ];

        Assert.Equal(0.5, PriceModelTrainer.Scale(rows));
        // Without a floor the same sales are a full half-range below the median: 30% of scores at 1 push the 80% quantile there.
        Assert.Equal(1, PriceModelTrainer.Scale([.. rows.Select(r => r with { Floor = null })]));
    }

    [Fact]
    public void TheServedRangeStartsAtTheVisiblePriceWhenTheForestsLowIsAlreadyThere()
    {
        var model = Models.Value.Mondrian;
        var sale = Sales(200, seed: 13).First(s => s.Listing.Category == Quiet);
        var bids = sale.Bids.Where(b => b.Elapsed <= At).ToList();

        var forecast = model.Forecast(sale.Listing, bids, At);

        Assert.Equal("ok", forecast.Status);
        Assert.Equal(bids[^1].VisiblePrice, forecast.Low);
        Assert.True(forecast.High > forecast.Median && forecast.Median >= forecast.Low, $"{forecast.Low} {forecast.Median} {forecast.High}");
    }

    private static PriceModel Train(IReadOnlyList<SoldAuction> sold, bool byCategory) =>
        PriceModelTrainer.Train(
            sold,
            new PriceTrainingOptions { Forest = new ForestOptions(Trees: 40), Checkpoints = [At], CalibrateLiveByCategory = byCategory },
            new ModelManifest("calibration-test", DateTimeOffset.UnixEpoch, ModelManifest.CurrentFormat, LiveSignal.Visible, [], 0, 0, sold.Count, "USD", null));

    private static Dictionary<string, double> CoverageByCategory(PriceModel model, IReadOnlyList<SoldAuction> sales) =>
        sales.GroupBy(s => s.Listing.Category!).ToDictionary(g => g.Key, g => g.Average(s =>
        {
            var forecast = model.Forecast(s.Listing, [.. s.Bids.Where(b => b.Elapsed <= At)], At);
            return forecast.Low <= s.FinalPrice && s.FinalPrice <= forecast.High ? 1.0 : 0.0;
        }));

    private static Listing ListingIn(string category, decimal start) => new("Antique item", category, null, start, 7, DayOfWeek.Sunday);

    /// <summary>
    /// Half quiet, half noisy, alike up to 90% of the auction: visible prices climb to about 100, then the final price
    /// is the price at 90% times e^(sigma |z|), sigma 0.03 for the quiet category and 0.5 for the noisy one; four quiet
    /// sales in ten get no late bid and end at the price at 90%.
    /// </summary>
    private static List<SoldAuction> Sales(int count, int seed)
    {
        var random = new Random(seed);
        var sales = new List<SoldAuction>(count);
        for (var i = 0; i < count; i++)
        {
            var category = i % 2 == 0 ? Quiet : Noisy;
            var start = decimal.Round(10m + (decimal)(random.NextDouble() * 20), 2);
            var at90 = decimal.Round(100m * (decimal)Math.Exp(0.2 * Normal(random)), 2);
            var bidCount = random.Next(3, 10);
            var bids = Enumerable.Range(1, bidCount)
                .Select(k => new BidEvent(0.85 * k / bidCount, $"b{k % 3}", decimal.Round(start + ((at90 - start) * k / bidCount), 2), 0m))
                .ToList();
            var final = category == Quiet && random.NextDouble() < 0.4
                ? at90 // no late bid: the commonest single outcome
                : decimal.Round(at90 * (decimal)Math.Exp((category == Quiet ? 0.03 : 0.5) * Math.Abs(Normal(random))), 2);
            if (final > at90)
            {
                bids.Add(new BidEvent(0.97, "late", final, 0m));
            }

            sales.Add(new SoldAuction($"calibration:{seed}:{i}", null, ListingIn(category, start), final, null, bids));
        }

        return sales;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

namespace Gavel.Pricing.History;

/// <summary>
/// Made-up sold auctions with bid histories, for tests and benchmarks that must not depend on the shared data:
/// items with a worth, starting prices below it, final prices around it, visible prices rising to the final.
/// </summary>
internal static class SyntheticHistory
{
    public static readonly (string Title, string Category, decimal Worth)[] Items =
    [
        ("Seiko diver watch", "watches", 300m),
        ("Omega Seamaster watch", "watches", 3500m),
        ("Leica rangefinder camera", "cameras", 1400m),
        ("Canon zoom lens", "cameras", 900m),
        ("Nintendo Switch console", "video-games", 260m),
        ("Fender Stratocaster guitar", "instruments", 650m),
        ("Danish teak sideboard", "furniture", 480m),
        ("Morgan silver dollar", "coins", 60m),
    ];

    private static readonly int[] Durations = [3, 5, 7];

    public static List<SoldAuction> Generate(int count, int seed = 7, DateTimeOffset? endedBy = null)
    {
        var random = new Random(seed);
        var end = endedBy ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var sold = new List<SoldAuction>(count);
        for (var i = 0; i < count; i++)
        {
            var (title, category, worth) = Items[i % Items.Length];
            var start = decimal.Round(worth * (decimal)(0.05 + (random.NextDouble() * 0.9)), 2);
            var final = Math.Max(start, decimal.Round(worth * (decimal)Math.Exp(0.25 * Normal(random)), 2));
            var days = Durations[random.Next(Durations.Length)];
            var bids = Bids(random, start, final);
            var ended = end - TimeSpan.FromHours(i % 5000);
            sold.Add(new SoldAuction(
                $"synthetic:{i}",
                null,
                new Listing(title, category, null, start, days, ended.DayOfWeek),
                final,
                ended,
                bids));
        }

        return sold;
    }

    /// <summary>A rising visible price path from the start to the final price, bids spread over the auction, more of them late.</summary>
    public static List<BidEvent> Bids(Random random, decimal start, decimal final)
    {
        var count = random.Next(2, 12);
        var times = Enumerable.Range(0, count).Select(_ => Math.Sqrt(random.NextDouble())).Order().ToList();
        var bidders = random.Next(2, Math.Min(count, 6) + 1);
        return [.. times.Select((t, k) =>
        {
            var share = (decimal)Math.Pow((k + 1.0) / count, 1.5);
            var price = k == 0 ? start : decimal.Round(start + ((final - start) * share), 2);
            return new BidEvent(t, $"b{random.Next(bidders)}", price, price);
        })];
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

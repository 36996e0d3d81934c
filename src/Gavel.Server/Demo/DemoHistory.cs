using Gavel.Core.Accounts;
using Gavel.Core.Auctions;
using Gavel.Core.Bidding;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Gavel.Core.Wallet;

namespace Gavel.Server.Demo;

/// <summary>
/// Months of sold auctions for the demo catalogue, so a newcomer sees real price estimates (with comparables)
/// without importing anything. Collectors bid towards what each item is worth, give or take, through the same
/// bidding, closing and settlement code as live traffic: holds, captures, fees and payouts balance like real money.
/// </summary>
internal static class DemoHistory
{
    public const int AuctionsPerItem = 8;

    private static readonly (string Name, string Email)[] Collectors =
    [
        ("Dave (collector)", "dave@demo.gavel"),
        ("Erin (collector)", "erin@demo.gavel"),
        ("Frank (collector)", "frank@demo.gavel"),
        ("Grace (collector)", "grace@demo.gavel"),
    ];

    private static readonly int[] Durations = [3, 5, 7];
    private static readonly decimal[] StartFactors = [0.5m, 0.75m, 1m, 1.25m];

    public static async Task SeedAsync(
        GavelDbContext db, AuctionOptions options, Guid[] sellers, IReadOnlyDictionary<string, int> categories, DateTimeOffset now, Random random, CancellationToken ct)
    {
        var collectors = await CreateCollectorsAsync(db, now - TimeSpan.FromDays(200), ct);
        for (var i = 0; i < DemoCatalog.Items.Length; i++)
        {
            var item = DemoCatalog.Items[i];
            for (var k = 0; k < AuctionsPerItem; k++)
            {
                var days = Durations[random.Next(Durations.Length)];
                var end = now - TimeSpan.FromDays(3 + (k * 18) + random.Next(15)) - TimeSpan.FromMinutes(random.Next(24 * 60));
                var start = end - TimeSpan.FromDays(days);
                var startingPrice = Math.Max(1m, decimal.Round(item.StartingPrice * StartFactors[random.Next(StartFactors.Length)], 0));
                await SeedSaleAsync(db, options, item, sellers[(i + k) % sellers.Length], collectors, categories[item.CategorySlug], startingPrice, start, end, random, ct);
            }
        }
    }

    private static async Task<Guid[]> CreateCollectorsAsync(GavelDbContext db, DateTimeOffset since, CancellationToken ct) =>
        await db.WriteAsync(async token =>
        {
            var ids = new List<Guid>();
            foreach (var (name, email) in Collectors)
            {
                // History bidders only: no password verifies against this hash, so nobody signs in as them.
                var user = new User { Email = email, NormalizedEmail = email, DisplayName = name, PasswordHash = "!demo-history", CreatedAt = since };
                var wallet = new UserWallet { UserId = user.Id };
                db.Users.Add(user);
                db.Wallets.Add(wallet);
                await db.SaveChangesAsync(token);
                Ledger.Deposit(db, wallet, 100_000m, since, "demo-funding");
                ids.Add(user.Id);
            }

            return ids.ToArray();
        }, ct);

    private static async Task SeedSaleAsync(
        GavelDbContext db, AuctionOptions options, DemoItem item, Guid sellerId, Guid[] collectors, int categoryId, decimal startingPrice,
        DateTimeOffset start, DateTimeOffset end, Random random, CancellationToken ct)
    {
        var auction = new Auction
        {
            SellerId = sellerId,
            Title = item.Title,
            Description = item.Description,
            CategoryId = categoryId,
            Condition = item.Condition,
            StartingPrice = startingPrice,
            StartsAt = start,
            EndsAt = end,
            ScheduledEndsAt = end,
            SoftCloseMinutes = 0,
            MaxExtensionMinutes = options.MaxExtensionMinutes,
            CreatedAt = start,
        };
        auction.Publish(sellerId, start, TimeSpan.Zero);
        await db.WriteAsync(_ =>
        {
            db.Auctions.Add(auction);
            return Task.FromResult(true);
        }, ct);

        // Two to four collectors, each with a private value around the item's worth, bid at random moments.
        var bidders = collectors.OrderBy(_ => random.Next()).Take(random.Next(2, collectors.Length + 1)).ToArray();
        var bids = bidders
            .SelectMany(b => Enumerable.Range(0, random.Next(1, 3)).Select(_ => (Bidder: b, At: start + ((end - start) * random.NextDouble()))))
            .OrderBy(b => b.At)
            .ToList();
        var values = bidders.ToDictionary(b => b, _ => Math.Max(startingPrice, decimal.Round(item.Worth * (decimal)Math.Exp(0.22 * Normal(random)), 0)));
        var clock = new HistoryClock(start);
        for (var i = 0; i < bids.Count; i++)
        {
            clock.Now = bids[i].At;
            var last = bids.FindLastIndex(b => b.Bidder == bids[i].Bidder) == i;
            var max = last ? values[bids[i].Bidder] : decimal.Round(startingPrice + ((values[bids[i].Bidder] - startingPrice) * 0.6m), 0);
            try
            {
                await BidPlacement.PlaceAsync(db, auction.Id, bids[i].Bidder, Math.Max(max, startingPrice), options.Currency, clock, ct);
            }
            catch (GavelRuleException)
            {
                // Below the minimum next bid by now: a real bidder would have got the same 409.
            }
        }

        clock.Now = end;
        await AuctionSettlement.CloseAsync(db, auction.Id, clock, ct);
        await AuctionSettlement.SettleAsync(db, auction.Id, options, clock, ct);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private sealed class HistoryClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

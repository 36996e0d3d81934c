using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Gavel.Core.Bidding;
using Gavel.Core.Data;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Tests.Concurrency;

/// <summary>
/// Many bidders hammer one auction and several at once while deposits and withdrawals run beside them. After
/// the storm: every auction's bids replay through the proxy rules to exactly the stored state (no lost update,
/// no two leaders), no balance is negative, every ledger transaction balances and holds match the leads.
/// </summary>
public abstract class ConcurrentMoneyTests
{
    protected abstract DatabaseProvider Provider { get; }

    /// <summary>Bids share transactions (Bidding:GroupCommit), batched with whatever waits beside them.</summary>
    protected virtual bool GroupCommit => false;

    [Fact]
    public async Task ConcurrentBidsDepositsAndWithdrawalsKeepEveryInvariant()
    {
        await using var app = await GavelApp.StartAsync(Provider, s => s["Bidding:GroupCommit"] = GroupCommit ? "true" : "false");
        var seller = await app.CreateUserAsync("seller");
        var random = new Random(42);
        var bidders = new List<TestUser>();
        for (var i = 0; i < 12; i++)
        {
            bidders.Add(await app.CreateUserAsync($"bidder{i}", deposit: random.Next(50, 400)));
        }

        var auctions = new List<Guid>
        {
            await app.CreateLiveAuctionAsync(seller, startingPrice: 1m, title: "Hot item"),
            await app.CreateLiveAuctionAsync(seller, startingPrice: 5m, reservePrice: 120m, title: "Reserve item"),
            await app.CreateLiveAuctionAsync(seller, startingPrice: 20m, title: "Third item"),
        };
        var statuses = new ConcurrentBag<HttpStatusCode>();
        var operations = Enumerable.Range(0, 360).Select(i => (Seed: random.Next(), Index: i)).ToList();

        await Parallel.ForEachAsync(operations, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (op, ct) =>
        {
            var r = new Random(op.Seed);
            var user = bidders[r.Next(bidders.Count)];
            HttpResponseMessage response = r.Next(10) switch
            {
                0 => await user.Client.PostAsJsonAsync("/api/wallet/deposits", new { amount = r.Next(1, 100) }, ct),
                1 => await user.Client.PostAsJsonAsync("/api/wallet/withdrawals", new { amount = r.Next(1, 150) }, ct),
                _ => await user.BidAsync(
                    op.Index % 2 == 0 ? auctions[0] : auctions[r.Next(auctions.Count)],
                    Math.Round((decimal)(r.NextDouble() * 300), 2) + 1m),
            };
            statuses.Add(response.StatusCode);
        });

        Assert.DoesNotContain(statuses, s => (int)s >= 500);
        Assert.Contains(statuses, s => s == HttpStatusCode.Created);
        Assert.Contains(statuses, s => s == HttpStatusCode.Conflict);
        foreach (var auctionId in auctions)
        {
            await AssertBidsReplayToStoredStateAsync(app, auctionId);
        }

        await LedgerAssert.BalancedAsync(app);
    }

    internal static Task AssertBidsReplayToStoredStateAsync(GavelApp app, Guid auctionId) => app.WithDbAsync(async db =>
    {
        var auction = await db.Auctions.AsNoTracking().SingleAsync(a => a.Id == auctionId);
        var bids = await db.Bids.AsNoTracking().Where(b => b.AuctionId == auctionId).OrderBy(b => b.Sequence).ToListAsync();
        var state = new ProxyState(auction.StartingPrice, auction.ReservePrice, null, null, null, IncrementTable.Default);
        for (var i = 0; i < bids.Count; i++)
        {
            var bid = bids[i];
            Assert.Equal(i + 1, bid.Sequence);
            var outcome = ProxyBidding.Apply(state, bid.BidderId, bid.MaxAmount);
            Assert.Equal(outcome.Price, bid.PriceAfter);
            Assert.Equal(outcome.LeaderId == bid.BidderId, bid.LeadingAfter);
            state = state with { CurrentPrice = outcome.Price, LeaderId = outcome.LeaderId, LeaderMax = outcome.LeaderMax };
        }

        Assert.Equal(bids.Count, auction.BidCount);
        Assert.Equal(state.CurrentPrice, auction.CurrentPrice);
        Assert.Equal(state.LeaderId, auction.LeaderId);
        Assert.Equal(state.LeaderMax, auction.LeaderMaxAmount);
        if (bids.Count > 0)
        {
            // The leader holds the highest maximum; on a tie, the one who bid it first.
            var best = bids.OrderByDescending(b => b.MaxAmount).ThenBy(b => b.Sequence).First();
            Assert.Equal(best.BidderId, auction.LeaderId);
        }

        return true;
    });
}

/// <summary>Two server instances (own containers, pools and closers) share one PostgreSQL, as two nodes would.</summary>
public sealed class TwoNodeBiddingTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BidsThroughTwoNodesOnOneDatabaseAreSerialisedByTheDatabase(bool groupCommit)
    {
        // With group commit each node batches its own bids; the two nodes' batches still meet at the auction's row lock.
        await using var nodeA = await GavelApp.StartAsync(DatabaseProvider.Postgres, s => s["Bidding:GroupCommit"] = groupCommit ? "true" : "false");
        await using var nodeB = await GavelApp.StartOnSameDatabaseAsync(nodeA);
        var seller = await nodeA.CreateUserAsync("seller");
        var bidders = new List<(HttpClient A, HttpClient B)>();
        for (var i = 0; i < 8; i++)
        {
            var user = await nodeA.CreateUserAsync($"bidder{i}", deposit: 1000m);
            bidders.Add((user.Client, nodeB.WithToken(user.AccessToken)));
        }

        var auctionId = await nodeA.CreateLiveAuctionAsync(seller, startingPrice: 1m);
        var statuses = new ConcurrentBag<HttpStatusCode>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 160), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var (a, b) = bidders[i % bidders.Count];
            var client = i % 2 == 0 ? a : b;
            var response = await client.PostAsJsonAsync($"/api/auctions/{auctionId}/bids", new { maxAmount = 2m + (i * 3.5m) }, ct);
            statuses.Add(response.StatusCode);
        });

        Assert.DoesNotContain(statuses, s => (int)s >= 500);
        Assert.Contains(statuses, s => s == HttpStatusCode.Created);
        await ConcurrentMoneyTests.AssertBidsReplayToStoredStateAsync(nodeA, auctionId);
        await LedgerAssert.BalancedAsync(nodeA);
    }
}

public sealed class SqliteConcurrentMoneyTests : ConcurrentMoneyTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresConcurrentMoneyTests : ConcurrentMoneyTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public sealed class SqliteGroupCommitConcurrentMoneyTests : ConcurrentMoneyTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override bool GroupCommit => true;
}

public sealed class PostgresGroupCommitConcurrentMoneyTests : ConcurrentMoneyTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override bool GroupCommit => true;
}

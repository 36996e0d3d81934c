using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Gavel.Core.Bidding;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Gavel.Server.Tests.Concurrency;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Gavel.Server.Tests.Bidding;

/// <summary>
/// Group commit (Bidding:GroupCommit, docs/adr/0010) must judge every bid exactly as a transaction of its own would:
/// the same bids, in batches of many or one by one, end in the same answers, auctions, aliases, balances and
/// notifications.
/// </summary>
public abstract class GroupCommitTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task BatchedBidsEndExactlyAsTheSameBidsPlacedOneByOne(int seed)
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var random = new Random(seed);
        var deposits = Enumerable.Range(0, 6).Select(_ => (decimal)random.Next(40, 400)).ToList();
        var one = await MarketAsync(app, "one", deposits);
        var batched = await MarketAsync(app, "batched", deposits);

        // Bids on three auctions, some too low, some beyond the bidder's funds, some by the seller or on no auction at
        // all; batches of 1 to 12, so a bidder often bids twice in one batch and outbids themselves or another.
        var script = Enumerable.Range(0, 90).Select(_ => (Auction: random.Next(-1, 4), Bidder: random.Next(-1, 6), Amount: random.Next(1, 300) + (random.Next(4) * 0.25m))).ToList();
        var expected = new List<string>();
        foreach (var (auction, bidder, amount) in script)
        {
            expected.Add(await app.WithDbAsync(async db =>
            {
                var (auctionId, bidderId) = one.Resolve(auction, bidder);
                try
                {
                    var effects = await BidPlacement.PlaceAsync(db, auctionId, bidderId, amount, "USD", app.Clock, default);
                    return effects is null ? "not found" : Describe(effects.Bid);
                }
                catch (GavelRuleException refused)
                {
                    return refused.Code;
                }
            }));
        }

        var aliases = new BidderAliasCache();
        var actual = new List<string>();
        for (var start = 0; start < script.Count;)
        {
            var size = Math.Min(random.Next(1, 13), script.Count - start);
            var bids = script.Skip(start).Take(size).Select(s => batched.Resolve(s.Auction, s.Bidder)).Zip(script.Skip(start).Take(size), (ids, s) => new BatchedBid(ids.AuctionId, ids.BidderId, s.Amount)).ToList();
            var results = await app.WithDbAsync(db => BidPlacement.PlaceBatchAsync(db, bids, "USD", app.Clock, aliases, placed: null, committed: null, default));
            actual.AddRange(results.Select(r => r.Refusal?.Code ?? (r.Effects is { } effects ? Describe(effects.Bid) : "not found")));
            start += size;
        }

        Assert.Equal(expected, actual);
        Assert.Contains(expected, e => e.StartsWith("accepted", StringComparison.Ordinal));
        Assert.Contains("bid_too_low", expected);
        Assert.Contains("insufficient_funds", expected);
        Assert.Contains("own_auction", expected);
        Assert.Contains("not found", expected);
        Assert.Equal(await one.SnapshotAsync(app), await batched.SnapshotAsync(app));
        foreach (var auctionId in batched.Auctions)
        {
            await ConcurrentMoneyTests.AssertBidsReplayToStoredStateAsync(app, auctionId);
        }

        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task ARefusedBidInABatchChangesNothingAndTheBidsAroundItCommit()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync("seller");
        var alice = await app.CreateUserAsync("alice", deposit: 100m);
        var bob = await app.CreateUserAsync("bob", deposit: 500m);
        var first = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m);
        var second = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m);

        // Alice can afford 60 on the first auction, but then not 60 more on the second: the hold of her first bid in
        // this same batch already counts. Bob's bid too low and the seller's own bid are refused between accepted ones.
        // Bob's 200 then outbids Alice at 60 + one increment, releasing her hold in the same batch.
        var results = await app.WithDbAsync(db => BidPlacement.PlaceBatchAsync(
            db,
            [new(first, alice.Id, 60m), new(first, bob.Id, 5m), new(second, alice.Id, 60m), new(second, seller.Id, 80m), new(second, bob.Id, 70m), new(first, bob.Id, 200m)],
            "USD",
            app.Clock,
            new BidderAliasCache(),
            placed: null,
            committed: null,
            default));

        Assert.Equal(
            ["accepted", "bid_too_low", "insufficient_funds", "own_auction", "accepted", "accepted"],
            results.Select(r => r.Refusal?.Code ?? (r.Effects is null ? "not found" : "accepted")));
        Assert.Equal([1L, 1L, 2L], results.Where(r => r.Effects is not null).Select(r => r.Effects!.Bid.Sequence));
        var view = await alice.Client.GetJsonAsync($"/api/auctions/{first}");
        Assert.Equal((2, 61m), (view["bidCount"]!.GetValue<int>(), view.Decimal("currentPrice")));
        var wallet = await alice.Client.GetJsonAsync("/api/wallet");
        Assert.Equal((100m, 0m), (wallet.Decimal("available"), wallet.Decimal("held")));
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task ConcurrentBidsThroughTheApiAreBatchedAndEverySequenceReachesFollowers()
    {
        await using var app = await GavelApp.StartAsync(Provider, s => s["Bidding:GroupCommit"] = "true");
        var seller = await app.CreateUserAsync();
        var bidders = new List<TestUser>();
        for (var i = 0; i < 8; i++)
        {
            bidders.Add(await app.CreateUserAsync(deposit: 10_000m));
        }

        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m);
        await using var follower = await LiveClient.ConnectAsync(app, transport: HttpTransportType.LongPolling, messagePack: true);
        await follower.FollowAsync(auctionId);
        var largestBatch = 0;
        using var batches = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument is { Meter.Name: "Gavel.Bidding", Name: "gavel.bids.batch.size" })
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        batches.SetMeasurementEventCallback<int>((_, size, _, _) => InterlockedMax(ref largestBatch, size));
        batches.Start();
        var receipts = new ConcurrentBag<long>();
        await Task.WhenAll(bidders.Select(async (bidder, k) =>
        {
            for (var j = 0; j < 8; j++)
            {
                var response = await bidder.BidAsync(auctionId, 20m + (j * 40m) + (k * 3m));
                Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{response.StatusCode}");
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    receipts.Add((await response.ReadJsonAsync())["sequence"]!.GetValue<long>());
                }
            }
        }));

        var last = (await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}"))["sequence"]!.GetValue<long>();
        Assert.Equal(Enumerable.Range(1, (int)last).Select(i => (long)i), receipts.Order());
        var received = new List<long>();
        while (received.Count < last)
        {
            received.Add((await follower.NextUpdateAsync()).Sequence);
        }

        Assert.Equal(Enumerable.Range(1, (int)last).Select(i => (long)i), received);
        Assert.True(largestBatch > 1, "No two bids shared a transaction: the test did not exercise group commit.");
        await ConcurrentMoneyTests.AssertBidsReplayToStoredStateAsync(app, auctionId);
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task ABatchThatFailsForAReasonThatIsNotARuleIsPlacedAgainBidByBid()
    {
        await using var app = await GavelApp.StartAsync(Provider, s => s["Bidding:GroupCommit"] = "true");
        var failure = new FailFirstBatch();
        await using var node = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IInterceptor>(failure)));
        var seller = await app.CreateUserAsync();
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m);
        var bidders = new List<HttpClient>();
        for (var i = 0; i < 8; i++)
        {
            var client = node.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", (await app.CreateUserAsync(deposit: 1_000m)).AccessToken);
            bidders.Add(client);
        }

        // Rounds of eight bids at once until one batch has held more than one bid and failed.
        var statuses = new ConcurrentBag<HttpStatusCode>();
        for (var round = 0; round < 20 && !failure.Failed; round++)
        {
            await Task.WhenAll(bidders.Select(async (client, k) =>
                statuses.Add((await client.PostAsJsonAsync($"/api/auctions/{auctionId}/bids", new { maxAmount = 20m + (round * 50m) + k })).StatusCode)));
        }

        Assert.True(failure.Failed, "No batch held two bids, so none failed: the test did not reach the fallback.");
        Assert.DoesNotContain(statuses, s => (int)s >= 500);
        var accepted = statuses.Count(s => s == HttpStatusCode.Created);
        var view = await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}");
        Assert.Equal(accepted, view["bidCount"]!.GetValue<int>());
        await ConcurrentMoneyTests.AssertBidsReplayToStoredStateAsync(app, auctionId);
        await LedgerAssert.BalancedAsync(app);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ABatchWhoseCommitThrowsIsAnsweredAndPublishedAsTheDatabaseEndedIt(bool committed)
    {
        await using var app = await GavelApp.StartAsync(Provider, s => s["Bidding:GroupCommit"] = "true");
        var failure = new FailFirstCommit(bids: 2, commits: committed);
        await using var node = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IInterceptor>(failure)));
        var seller = await app.CreateUserAsync();
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m);
        await using var follower = await LiveClient.ConnectAsync(node, transport: HttpTransportType.LongPolling, messagePack: true);
        await follower.FollowAsync(auctionId);
        var bidders = new List<HttpClient>();
        for (var i = 0; i < 8; i++)
        {
            bidders.Add(ClientOn(node, await app.CreateUserAsync(deposit: 10_000m)));
        }

        // Rounds of eight bids at once until the commit of a batch of several has thrown. Committed, every bid in it must
        // be answered as that batch judged it, not judged again against its own outcome; not committed, placed again.
        var receipts = new ConcurrentBag<(long Sequence, Guid BidId)>();
        for (var round = 0; round < 20 && !failure.Failed; round++)
        {
            await Task.WhenAll(bidders.Select(async (client, k) =>
            {
                var response = await client.PostAsJsonAsync($"/api/auctions/{auctionId}/bids", new { maxAmount = 20m + (round * 50m) + (k * 3m) });
                Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{response.StatusCode}");
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var receipt = await response.ReadJsonAsync();
                    receipts.Add((receipt["sequence"]!.GetValue<long>(), receipt["bidId"]!.GetValue<Guid>()));
                }
            }));
        }

        Assert.True(failure.Failed, "No batch held two bids, so no commit threw: the test did not reach the failure.");
        var last = (await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}"))["sequence"]!.GetValue<long>();
        Assert.Equal(Enumerable.Range(1, (int)last).Select(i => (long)i), receipts.Select(r => r.Sequence).Order());
        var stored = await app.WithDbAsync(db => db.Bids.Where(b => b.AuctionId == auctionId).Select(b => b.Id).ToListAsync());
        Assert.Equal(stored.Order(), receipts.Select(r => r.BidId).Order());
        var received = new List<long>();
        while (received.Count < last)
        {
            received.Add((await follower.NextUpdateAsync()).Sequence);
        }

        Assert.Equal(Enumerable.Range(1, (int)last).Select(i => (long)i), received);
        await ConcurrentMoneyTests.AssertBidsReplayToStoredStateAsync(app, auctionId);
        await LedgerAssert.BalancedAsync(app);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ALoneBidWhoseCommitThrewAfterCommittingIsAnsweredCreatedOnce(bool groupCommit)
    {
        await using var app = await GavelApp.StartAsync(Provider, s => s["Bidding:GroupCommit"] = groupCommit ? "true" : "false");
        var failure = new FailFirstCommit(bids: 1, commits: true);
        await using var node = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IInterceptor>(failure)));
        var seller = await app.CreateUserAsync();
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m);
        await using var follower = await LiveClient.ConnectAsync(node);
        await follower.FollowAsync(auctionId);
        var client = ClientOn(node, await app.CreateUserAsync(deposit: 1_000m));
        HttpRequestMessage Bid()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/auctions/{auctionId}/bids") { Content = JsonContent.Create(new { maxAmount = 50m }) };
            request.Headers.Add("Idempotency-Key", "lost-reply");
            return request;
        }

        var response = await client.SendAsync(Bid());

        Assert.True(failure.Failed, "The bid's commit did not throw: the test did not reach the failure.");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var bidId = (await response.ReadJsonAsync())["bidId"]!.GetValue<Guid>();
        Assert.Equal([bidId], await app.WithDbAsync(db => db.Bids.Where(b => b.AuctionId == auctionId).Select(b => b.Id).ToListAsync()));
        Assert.Equal(1L, (await follower.NextUpdateAsync()).Sequence);

        // The answer the key stored is that 201, not a refusal of the bid by its own committed state.
        var retry = await client.SendAsync(Bid());
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(bidId, (await retry.ReadJsonAsync())["bidId"]!.GetValue<Guid>());
        await ConcurrentMoneyTests.AssertBidsReplayToStoredStateAsync(app, auctionId);
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task ABatchedBidWhoseRequestWasAbortedIsReplayedByItsIdempotencyKeyNotPlacedAgain()
    {
        await using var app = await GavelApp.StartAsync(Provider, s => s["Bidding:GroupCommit"] = "true");
        var hold = new HoldFirstBatch();
        await using var node = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IInterceptor>(hold)));
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 1_000m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m);
        var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", bidder.AccessToken);
        HttpRequestMessage Bid()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/auctions/{auctionId}/bids") { Content = JsonContent.Create(new { maxAmount = 50m }) };
            request.Headers.Add("Idempotency-Key", "bid-once");
            return request;
        }

        // The client gives up while a writer holds its bid in a batch, and retries with the same key, as the key is for.
        using var abort = new CancellationTokenSource();
        var first = client.SendAsync(Bid(), abort.Token);
        await hold.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await abort.CancelAsync();
        hold.Release.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        var retry = await client.SendAsync(Bid());
        for (var attempt = 0; attempt < 200 && await IsInProgressAsync(retry); attempt++)
        {
            await Task.Delay(25); // the first request is still recording its answer
            retry = await client.SendAsync(Bid());
        }

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"), "The retry was run again rather than given the first answer.");
        Assert.Equal(1L, (await retry.ReadJsonAsync())["sequence"]!.GetValue<long>());
        Assert.Equal(1, (await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}"))["bidCount"]!.GetValue<int>());
        await LedgerAssert.BalancedAsync(app);
    }

    private static HttpClient ClientOn(WebApplicationFactory<Program> node, TestUser user)
    {
        var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", user.AccessToken);
        return client;
    }

    private static async Task<bool> IsInProgressAsync(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Conflict && (await response.Content.ReadAsStringAsync()).Contains("idempotency_in_progress", StringComparison.Ordinal);

    /// <summary>Holds the first save that writes a bid (a batch's, once its writer has taken its bids) until released.</summary>
    private sealed class HoldFirstBatch : SaveChangesInterceptor
    {
        private int held;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context!.ChangeTracker.Entries<Bid>().Any(e => e.State == EntityState.Added) && Interlocked.Exchange(ref held, 1) == 0)
            {
                Entered.SetResult();
                await Release.Task;
            }

            return result;
        }
    }

    /// <summary>Fails the first save that writes more than one bid, as a lost connection or a constraint would.</summary>
    private sealed class FailFirstBatch : SaveChangesInterceptor
    {
        private int failed;

        public bool Failed => Volatile.Read(ref failed) == 1;

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var bids = eventData.Context!.ChangeTracker.Entries<Bid>().Count(e => e.State == EntityState.Added);
            return bids > 1 && Interlocked.CompareExchange(ref failed, 1, 0) == 0
                ? throw new InvalidOperationException("Injected failure of a batch.")
                : ValueTask.FromResult(result);
        }
    }

    /// <summary>
    /// Makes the commit of the first transaction holding at least <c>bids</c> bids throw, as a connection lost around
    /// its COMMIT would: with <c>commits</c> the database commits and only the reply is lost, without it nothing commits.
    /// Either way EF Core reports the commit as failed and runs no commit hook.
    /// </summary>
    private sealed class FailFirstCommit(int bids, bool commits) : DbTransactionInterceptor
    {
        private int failed;

        public bool Failed => Volatile.Read(ref failed) == 1;

        public override async ValueTask<InterceptionResult> TransactionCommittingAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } context && context.ChangeTracker.Entries<Bid>().Count() >= bids && Interlocked.CompareExchange(ref failed, 1, 0) == 0)
            {
                if (commits)
                {
                    await transaction.CommitAsync(cancellationToken);
                }

                throw new InvalidOperationException("Injected failure of a commit.");
            }

            return result;
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }

    private static string Describe(Bid bid) =>
        $"accepted #{bid.Sequence} {bid.BidderAlias} at {bid.PriceAfter:0.00}{(bid.LeadingAfter ? ", leading" : string.Empty)}";

    private static async Task<Market> MarketAsync(GavelApp app, string name, IReadOnlyList<decimal> deposits)
    {
        var seller = await app.CreateUserAsync($"{name}-seller");
        var bidders = new List<Guid>();
        for (var i = 0; i < deposits.Count; i++)
        {
            bidders.Add((await app.CreateUserAsync($"{name}-bidder{i}", deposit: deposits[i])).Id);
        }

        List<Guid> auctions =
        [
            await app.CreateLiveAuctionAsync(seller, startingPrice: 5m),
            await app.CreateLiveAuctionAsync(seller, startingPrice: 20m, reservePrice: 150m),
            await app.CreateLiveAuctionAsync(seller, startingPrice: 1m),
        ];
        return new Market(seller.Id, bidders, auctions);
    }

    /// <summary>One seller's three auctions and six bidders; index -1 is the seller (as bidder) or an auction that does not exist.</summary>
    private sealed record Market(Guid SellerId, List<Guid> Bidders, List<Guid> Auctions)
    {
        private readonly Guid missing = Guid.NewGuid();

        public (Guid AuctionId, Guid BidderId) Resolve(int auction, int bidder) =>
            (auction < 0 ? missing : Auctions[Math.Min(auction, Auctions.Count - 1)], bidder < 0 ? SellerId : Bidders[bidder]);

        /// <summary>Everything the bids decided, with people and auctions by index so that two markets compare.</summary>
        public Task<string> SnapshotAsync(GavelApp app) => app.WithDbAsync(async db =>
        {
            var people = Bidders.Append(SellerId).ToList();
            string Who(Guid? id) => id is { } known ? $"p{people.IndexOf(known)}" : "-";
            var lines = new List<string>();
            foreach (var auction in await db.Auctions.AsNoTracking().Where(a => Auctions.Contains(a.Id)).ToListAsync())
            {
                lines.Add($"auction {Auctions.IndexOf(auction.Id)}: {auction.CurrentPrice} {Who(auction.LeaderId)} {auction.LeaderMaxAmount} {auction.LeaderAlias} " +
                    $"bids {auction.BidCount} bidders {auction.BidderCount} seq {auction.LastSequence} reserve met {auction.ReserveMet}");
            }

            foreach (var wallet in await db.Wallets.AsNoTracking().Where(w => people.Contains(w.UserId)).ToListAsync())
            {
                lines.Add($"wallet {Who(wallet.UserId)}: {wallet.Available} {wallet.Held}");
            }

            var notifications = await db.Notifications.AsNoTracking().Where(n => people.Contains(n.UserId)).Select(n => new { n.UserId, n.Kind, n.Title, n.Body }).ToListAsync();
            lines.AddRange(notifications.Select(n => $"notification {Who(n.UserId)} {n.Kind}: {n.Title} {n.Body}"));
            lines.Sort(StringComparer.Ordinal);
            return string.Join('\n', lines);
        });
    }
}

public sealed class SqliteGroupCommitTests : GroupCommitTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresGroupCommitTests : GroupCommitTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

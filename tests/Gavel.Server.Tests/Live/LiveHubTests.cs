using System.Net;
using System.Net.Http.Json;
using Gavel.Core.Data;
using Gavel.Server.Tests.Infrastructure;
using Gavel.Server.Workers;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Gavel.Server.Tests.Live;

public abstract class LiveHubTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Theory]
    [InlineData(HttpTransportType.WebSockets, false)]
    [InlineData(HttpTransportType.LongPolling, true)]
    public async Task AFollowerSeesEveryAcceptedBidInSequenceOrder(HttpTransportType transport, bool messagePack)
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var alice = await app.CreateUserAsync(deposit: 1000m);
        var bob = await app.CreateUserAsync(deposit: 1000m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m);
        await using var follower = await LiveClient.ConnectAsync(app, transport: transport, messagePack: messagePack);
        await follower.FollowAsync(auctionId);

        var receipts = new List<(long Sequence, decimal Price)>();
        for (var round = 0; round < 6; round++)
        {
            var bidder = round % 2 == 0 ? alice : bob;
            var response = await bidder.BidAsync(auctionId, 20m + (round * 15m));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var receipt = await response.ReadJsonAsync();
            receipts.Add((receipt["sequence"]!.GetValue<long>(), receipt.Decimal("currentPrice")));
        }

        Assert.Equal(HttpStatusCode.Conflict, (await alice.BidAsync(auctionId, 1m)).StatusCode); // refused: publishes nothing
        var updates = new List<(long, decimal)>();
        for (var i = 0; i < receipts.Count; i++)
        {
            var update = await follower.NextUpdateAsync();
            Assert.Equal(auctionId, update.AuctionId);
            Assert.Equal("live", update.Status);
            Assert.Equal(i + 1, update.BidCount);
            updates.Add((update.Sequence, update.CurrentPrice));
        }

        Assert.Equal(receipts, updates);
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], updates.Select(u => u.Item1));
        var leader = (await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}"))["leader"]!.GetValue<string>();
        await alice.BidAsync(auctionId, 500m); // Bob leads after round 6; Alice takes over
        var last = await follower.NextUpdateAsync();
        Assert.Equal(7, last.Sequence);
        Assert.NotEqual(leader, last.Leader);
        Assert.Empty(follower.DrainUpdates());
    }

    [Fact]
    public async Task ConcurrentBidsOnOneAuctionReachAFollowerInSequenceOrderWithNoneMissing()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var bidders = new List<TestUser>();
        for (var i = 0; i < 4; i++)
        {
            bidders.Add(await app.CreateUserAsync(deposit: 10_000m));
        }

        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m);
        await using var follower = await LiveClient.ConnectAsync(app, transport: HttpTransportType.LongPolling, messagePack: true);
        await follower.FollowAsync(auctionId);

        await Task.WhenAll(bidders.Select(async (bidder, k) =>
        {
            for (var j = 0; j < 6; j++)
            {
                await bidder.BidAsync(auctionId, 20m + (j * 40m) + (k * 7m)); // some are refused as too low: they publish nothing
            }
        }));

        var last = (await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}"))["sequence"]!.GetValue<long>();
        var received = new List<long>();
        while (received.Count < last)
        {
            received.Add((await follower.NextUpdateAsync()).Sequence);
        }

        Assert.Equal(Enumerable.Range(1, (int)last).Select(i => (long)i), received);
        Assert.True(last > 6, $"Only {last} bids were accepted: the bidders did not overlap enough to test anything.");
    }

    [Fact]
    public async Task ExtensionBuyNowCloseSettlementAndCancellationAreEachPublished()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var alice = await app.CreateUserAsync(deposit: 1000m);
        var timed = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m, duration: TimeSpan.FromMinutes(5), softCloseMinutes: 2);
        var buyable = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m, buyNowPrice: 50m);
        var doomed = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m);
        await using var follower = await LiveClient.ConnectAsync(app);
        foreach (var id in new[] { timed, buyable, doomed })
        {
            await follower.FollowAsync(id);
        }

        // A bid in the last two minutes extends the end; the update carries the new end.
        var scheduledEnd = (await app.Anonymous().GetJsonAsync($"/api/auctions/{timed}"))["endsAt"]!.GetValue<DateTimeOffset>();
        app.Clock.Advance(TimeSpan.FromMinutes(4));
        await alice.BidAsync(timed, 20m);
        var extended = await follower.NextUpdateAsync();
        Assert.Equal((timed, 1L), (extended.AuctionId, extended.Sequence));
        Assert.Equal(app.Clock.GetUtcNow() + TimeSpan.FromMinutes(2), extended.EndsAt);
        Assert.True(extended.EndsAt > scheduledEnd);

        // Buy-now ends and settles in one step: one update, one sequence number, buy-now no longer offered.
        Assert.Equal(HttpStatusCode.OK, (await alice.Client.PostAsync($"/api/auctions/{buyable}/buy-now", null)).StatusCode);
        var bought = await follower.NextUpdateAsync();
        Assert.Equal((buyable, 1L, "settled", 50m, (decimal?)50m, (decimal?)null), (bought.AuctionId, bought.Sequence, bought.Status, bought.CurrentPrice, bought.FinalPrice, bought.BuyNowPrice));

        var cancel = await seller.Client.PostAsync($"/api/auctions/{doomed}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var cancelled = await follower.NextUpdateAsync();
        Assert.Equal((doomed, 1L, "cancelled"), (cancelled.AuctionId, cancelled.Sequence, cancelled.Status));

        // The closer ends and then settles: two committed steps, two updates.
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        await app.Services.GetRequiredService<AuctionCloser>().RunOnceAsync(CancellationToken.None);
        var ended = await follower.NextUpdateAsync();
        var settled = await follower.NextUpdateAsync();
        Assert.Equal((timed, 2L, "ended", (decimal?)10m), (ended.AuctionId, ended.Sequence, ended.Status, ended.FinalPrice));
        Assert.Equal((timed, 3L, "settled"), (settled.AuctionId, settled.Sequence, settled.Status));
        Assert.Equal(3, (await app.Anonymous().GetJsonAsync($"/api/auctions/{timed}"))["sequence"]!.GetValue<long>());
    }

    [Fact]
    public async Task AFollowerOfAScheduledAuctionHearsItGoLiveWithTheNextSequence()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var alice = await app.CreateUserAsync(deposit: 100m);
        var auctionId = await app.CreateScheduledAuctionAsync(seller, startsIn: TimeSpan.FromMinutes(5));
        await using var follower = await LiveClient.ConnectAsync(app);
        await follower.FollowAsync(auctionId);
        var view = new FollowedAuction(auctionId, app.Anonymous());
        await view.RefetchAsync();
        Assert.Equal("scheduled", view.Status);
        var before = view.Sequence;

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await app.Services.GetRequiredService<AuctionCloser>().RunOnceAsync(CancellationToken.None);

        var live = await follower.NextUpdateAsync();
        Assert.Equal((auctionId, "live", before + 1), (live.AuctionId, live.Status, live.Sequence));
        await view.ApplyAsync(live);
        Assert.Equal(("live", 1, 0), (view.Status, view.Refetches, view.Dropped)); // applied as the next number, no refetch

        // The first bid takes the number after it, in its receipt and its update alike.
        var receipt = await (await alice.BidAsync(auctionId, 20m)).ReadJsonAsync();
        var bid = await follower.NextUpdateAsync();
        Assert.Equal((before + 2, before + 2), (receipt["sequence"]!.GetValue<long>(), bid.Sequence));
        await view.ApplyAsync(bid);
        Assert.Equal((1, 0), (view.Refetches, view.Dropped));
        Assert.Empty(follower.DrainUpdates());
    }

    [Fact]
    public async Task AReconnectingClientCatchesUpBySequence()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var alice = await app.CreateUserAsync(deposit: 1000m);
        var bob = await app.CreateUserAsync(deposit: 1000m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m);
        var view = new FollowedAuction(auctionId, app.Anonymous());

        var first = await LiveClient.ConnectAsync(app);
        await first.FollowAsync(auctionId);

        // Stays connected throughout: once it has heard an update, the hub has sent that update to the group, so a
        // client that follows afterwards cannot receive it (hub sends leave the request and go out a moment later).
        await using var observer = await LiveClient.ConnectAsync(app);
        await observer.FollowAsync(auctionId);
        await view.RefetchAsync();
        await alice.BidAsync(auctionId, 30m);
        await view.ApplyAsync(await first.NextUpdateAsync());
        Assert.Equal((1L, 10m), (view.Sequence, view.CurrentPrice));

        // The connection drops; two bids happen while the client is away.
        await first.DisposeAsync();
        await bob.BidAsync(auctionId, 40m);
        await alice.BidAsync(auctionId, 60m);
        while ((await observer.NextUpdateAsync()).Sequence < 3)
        {
        }

        // Back again: follow, then apply whatever comes. The next update skips numbers, so the client refetches.
        await using var second = await LiveClient.ConnectAsync(app);
        await second.FollowAsync(auctionId);
        await bob.BidAsync(auctionId, 100m);
        var update = await second.NextUpdateAsync();
        Assert.Equal(4, update.Sequence);
        await view.ApplyAsync(update);

        var truth = await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}");
        Assert.Equal(2, view.Refetches);
        Assert.Equal((truth["sequence"]!.GetValue<long>(), truth.Decimal("currentPrice")), (view.Sequence, view.CurrentPrice));
        Assert.Equal((4L, 61m), (view.Sequence, view.CurrentPrice));

        // A duplicate or stale update (a repeat from another node, a late delivery) is dropped.
        await view.ApplyAsync(update);
        Assert.Equal(1, view.Dropped);
    }

    [Fact]
    public async Task UnfollowingStopsTheUpdates()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var alice = await app.CreateUserAsync(deposit: 1000m);
        var watched = await app.CreateLiveAuctionAsync(seller);
        var other = await app.CreateLiveAuctionAsync(seller);
        await using var follower = await LiveClient.ConnectAsync(app);
        await follower.FollowAsync(watched);
        await follower.FollowAsync(other);

        await follower.UnfollowAsync(watched);
        await alice.BidAsync(watched, 20m);
        await alice.BidAsync(other, 20m);

        Assert.Equal(other, (await follower.NextUpdateAsync()).AuctionId);
        Assert.Empty(follower.DrainUpdates());
    }

    [Fact]
    public async Task FollowingAnUnknownAuctionOrSomeoneElsesDraftIsRefused()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var categoryId = await app.WithDbAsync(db => Task.FromResult(db.Categories.OrderBy(c => c.Id).First().Id));
        var draft = await seller.Client.PostAsJsonAsync("/api/auctions", new
        {
            title = "Draft",
            description = "Not yet.",
            categoryId,
            startingPrice = 5m,
            endsAt = app.Clock.GetUtcNow().AddDays(1),
        });
        var draftId = (await draft.ReadJsonAsync())["id"]!.GetValue<Guid>();
        await using var stranger = await LiveClient.ConnectAsync(app);
        await using var owner = await LiveClient.ConnectAsync(app, seller);

        var unknownId = Guid.NewGuid();
        var unknown = await Assert.ThrowsAsync<HubException>(() => stranger.FollowAsync(unknownId));
        await Assert.ThrowsAsync<HubException>(() => stranger.FollowAsync(Guid.Empty));
        var someoneElses = await Assert.ThrowsAsync<HubException>(() => stranger.FollowAsync(draftId));
        // One answer for both, so following cannot be used to learn which ids exist.
        Assert.Equal(unknown.Message.Replace(unknownId.ToString(), "{id}", StringComparison.Ordinal), someoneElses.Message.Replace(draftId.ToString(), "{id}", StringComparison.Ordinal));
        await using var signedInStranger = await LiveClient.ConnectAsync(app, await app.CreateUserAsync());
        await Assert.ThrowsAsync<HubException>(() => signedInStranger.FollowAsync(draftId));
        await Assert.ThrowsAsync<HubException>(() => stranger.Connection.InvokeAsync("Follow", "not-a-guid"));
        await owner.FollowAsync(draftId);
    }

    /// <summary>A token is checked only when a connection opens: suspending its user ends it, and the notifications with it.</summary>
    [Fact]
    public async Task SuspendingAUserEndsTheirOpenConnectionsAndOnlyTheirs()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var admin = await app.CreateUserAsync(admin: true);
        var user = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        await using var suspended = await LiveClient.ConnectAsync(app, user);
        await using var bystander = await LiveClient.ConnectAsync(app, other);
        var closed = new TaskCompletionSource();
        suspended.Connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PostAsync($"/api/admin/users/{user.Id}/suspend", null)).StatusCode);

        await closed.Task.WaitAsync(LiveClient.Patience);
        Assert.Equal(HubConnectionState.Disconnected, suspended.Connection.State);
        await bystander.FollowAsync(await app.CreateLiveAuctionAsync(other));
        Assert.Equal(HubConnectionState.Connected, bystander.Connection.State);
    }
}

public sealed class SqliteLiveHubTests : LiveHubTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresLiveHubTests : LiveHubTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

using System.Collections.Concurrent;
using System.Net;
using Gavel.Server.Features.Live;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Gavel.Server.Tests.MultiNode;

/// <summary>
/// Two nodes' <see cref="LiveFeed"/>s joined by real Redis: each hears every committed event exactly once, whichever
/// node committed it, and a node without its Redis still delivers to its own listeners.
/// </summary>
public sealed class LiveRelayTests
{
    [Fact]
    public async Task ACommitOnNodeAReachesTheFeedOfBothNodesExactlyOnce()
    {
        var redis = await TestRedis.RequireAsync();
        var prefix = "gavel-test-" + Guid.NewGuid().ToString("N")[..8];
        await using var nodeA = await GavelApp.StartAsync(configure: s => (s["Redis:Configuration"], s["Redis:ChannelPrefix"]) = (redis, prefix));
        await using var nodeB = await GavelApp.StartOnSameDatabaseAsync(nodeA);
        var seller = await nodeA.CreateUserAsync("seller");
        var alice = await nodeA.CreateUserAsync("alice", deposit: 500m);
        var bob = await nodeA.CreateUserAsync("bob", deposit: 500m);
        var auctionId = await nodeA.CreateLiveAuctionAsync(seller, startingPrice: 20m);
        var (onA, onB) = (Follow(nodeA, auctionId, alice.Id), Follow(nodeB, auctionId, alice.Id));
        await using var other = await ConnectionMultiplexer.ConnectAsync(redis);
        await BarrierAsync(other, prefix, onA, onB); // both nodes are subscribed

        Assert.Equal(HttpStatusCode.Created, (await alice.BidAsync(auctionId, 40m)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await bob.BidAsync(auctionId, 60m)).StatusCode);
        await EventuallyAsync(() => onB.Updates.Count >= 2 && onB.Outbid() >= 1);
        await BarrierAsync(other, prefix, onA, onB); // anything still on its way from Redis has arrived

        // Only the bids' sequenced updates count. The publish's unsequenced "now live" snapshot (sequence 0) is still
        // travelling through Redis when the test starts following on node B, so node B may rightly hear it.
        Assert.Equal([1L, 2L], onA.Updates.Select(u => u.Sequence).Where(s => s > 0).Order());
        Assert.Equal([1L, 2L], onB.Updates.Select(u => u.Sequence).Where(s => s > 0).Order());
        Assert.Equal(41m, onB.Updates.MaxBy(u => u.Sequence)!.CurrentPrice);
        Assert.Equal((1, 1), (onA.Outbid(), onB.Outbid()));

        // The read, announced by the handler on node B, reaches node A.
        var outbid = onA.User.OfType<NotificationCommitted>().Single(n => n.Notification.Kind == "outbid").Notification.Id;
        var onNodeB = nodeB.WithToken(alice.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, (await onNodeB.PostAsync($"/api/notifications/{outbid}/read", null)).StatusCode);
        await EventuallyAsync(() => onA.User.OfType<NotificationsRead>().Any());
        await BarrierAsync(other, prefix, onA, onB);
        Assert.Single(onA.User.OfType<NotificationsRead>());
        Assert.Single(onB.User.OfType<NotificationsRead>());
    }

    [Fact]
    public async Task WithRedisUnreachableTheBidCommitsAndTheNodesOwnFeedStillHearsIt()
    {
        await using var app = await GavelApp.StartAsync(configure: s => s["Redis:Configuration"] = "127.0.0.1:1,connectTimeout=500");
        var seller = await app.CreateUserAsync("seller");
        var bidder = await app.CreateUserAsync("bidder", deposit: 100m);
        var auctionId = await app.CreateLiveAuctionAsync(seller);
        var heard = Follow(app, auctionId, bidder.Id);

        Assert.Equal(HttpStatusCode.Created, (await bidder.BidAsync(auctionId, 30m)).StatusCode);

        await EventuallyAsync(() => !heard.Updates.IsEmpty);
        Assert.Equal(1L, Assert.Single(heard.Updates).Sequence);
    }

    private static Heard Follow(GavelApp node, Guid auctionId, Guid userId)
    {
        var feed = node.Services.GetRequiredService<LiveFeed>();
        var heard = new Heard();
        feed.FollowAuction(auctionId, u => Run(() => heard.Updates.Enqueue(u)));
        feed.FollowUser(userId, e => Run(() => heard.User.Enqueue(e)));
        feed.FollowUser(Heard.Marker, e => Run(() => heard.Markers.Enqueue(((NotificationsRead)e).UserId)));
        return heard;
    }

    /// <summary>
    /// Publishes a marker as a third node would, until both feeds have heard it: proves the relays are subscribed, and
    /// since Redis delivers in order, that what was published before it has been delivered.
    /// </summary>
    private static async Task BarrierAsync(ConnectionMultiplexer redis, string prefix, Heard a, Heard b)
    {
        var (countA, countB) = (a.Markers.Count, b.Markers.Count);
        var marker = LiveEnvelope.Write(Guid.NewGuid(), new NotificationsRead(Heard.Marker));
        for (var attempt = 0; attempt < 10 && (a.Markers.Count == countA || b.Markers.Count == countB); attempt++)
        {
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(prefix + ":livefeed"), marker); // again if a relay was not yet subscribed
            for (var i = 0; i < 20 && (a.Markers.Count == countA || b.Markers.Count == countB); i++)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }

        Assert.True(a.Markers.Count > countA && b.Markers.Count > countB, "The nodes' relays did not hear a marker published to Redis.");
        await Task.Delay(200, TestContext.Current.CancellationToken); // room for a wrong second delivery to show
    }

    private static Task Run(Action action)
    {
        action();
        return Task.CompletedTask;
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), "The feed did not deliver within 10 seconds.");
    }

    private sealed class Heard
    {
        public static readonly Guid Marker = Guid.NewGuid();

        public ConcurrentQueue<AuctionUpdate> Updates { get; } = new();

        public ConcurrentQueue<UserEvent> User { get; } = new();

        public ConcurrentQueue<Guid> Markers { get; } = new();

        public int Outbid() => User.OfType<NotificationCommitted>().Count(n => n.Notification.Kind == "outbid");
    }
}

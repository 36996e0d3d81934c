using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Gavel.Server.Features.Live;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gavel.Server.Tests.Live;

/// <summary>The web app's in-process feed hears exactly what committed, from the same point as the hub.</summary>
public sealed class LiveFeedTests
{
    [Fact]
    public async Task CommittedBidsAndTheOutbidNoticeReachTheFeedWithTheChannelsThePreferencesChose()
    {
        await using var app = await GavelApp.StartAsync();
        var seller = await app.CreateUserAsync("seller");
        var alice = await app.CreateUserAsync("alice", deposit: 500m);
        var bob = await app.CreateUserAsync("bob", deposit: 500m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 20m);
        var put = await alice.Client.PutAsJsonAsync("/api/notifications/preferences", new { kinds = new[] { new { kind = "outbid", push = false } } });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var feed = app.Services.GetRequiredService<LiveFeed>();
        var updates = new ConcurrentQueue<AuctionUpdate>();
        var aliceHears = new ConcurrentQueue<UserEvent>();
        var bobHears = new ConcurrentQueue<UserEvent>();
        using var following = feed.FollowAuction(auctionId, u => Enqueue(updates, u));
        using var alices = feed.FollowUser(alice.Id, e => Enqueue(aliceHears, e));
        using var bobs = feed.FollowUser(bob.Id, e => Enqueue(bobHears, e));

        Assert.Equal(HttpStatusCode.Created, (await alice.BidAsync(auctionId, 40m)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await bob.BidAsync(auctionId, 60m)).StatusCode);
        await ProblemAssert.IsProblemAsync(await bob.BidAsync(auctionId, 1m), HttpStatusCode.Conflict, "bid_too_low");

        await EventuallyAsync(() => updates.Count >= 2 && aliceHears.OfType<NotificationCommitted>().Any(n => n.Notification.Kind == "outbid"));
        Assert.Equal([1L, 2L], updates.Select(u => u.Sequence).Order());
        Assert.Equal((2, 41m), updates.MaxBy(u => u.Sequence) is { } last ? (last.BidCount, last.CurrentPrice) : default);

        // Her inbox keeps it; her push choice is off, so the web app shows no toast for it.
        var outbid = aliceHears.OfType<NotificationCommitted>().Single(n => n.Notification.Kind == "outbid");
        Assert.Equal((auctionId, true, false), (outbid.Notification.AuctionId, outbid.InInbox, outbid.Push));
        Assert.All(bobHears.OfType<NotificationCommitted>(), n => Assert.True(n.Push)); // defaults: push on
        Assert.DoesNotContain(bobHears.OfType<NotificationCommitted>(), n => n.Notification.Kind == "outbid");

        // Marking read is a set-based update no interceptor sees: the handler announces it.
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.PostAsync($"/api/notifications/{outbid.Notification.Id}/read", null)).StatusCode);
        await EventuallyAsync(() => aliceHears.OfType<NotificationsRead>().Any());
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.Client.PostAsync($"/api/notifications/{outbid.Notification.Id}/read", null)).StatusCode);
        Assert.Empty(bobHears.OfType<NotificationsRead>());
    }

    [Fact]
    public async Task AListenerThatThrowsIsLoggedAndTheOthersStillHear()
    {
        await using var app = await GavelApp.StartAsync();
        var seller = await app.CreateUserAsync("seller");
        var bidder = await app.CreateUserAsync("bidder", deposit: 100m);
        var auctionId = await app.CreateLiveAuctionAsync(seller);
        var feed = app.Services.GetRequiredService<LiveFeed>();
        var heard = new ConcurrentQueue<AuctionUpdate>();
        using var broken = feed.FollowAuction(auctionId, _ => throw new InvalidOperationException("a broken listener"));
        using var working = feed.FollowAuction(auctionId, u => Enqueue(heard, u));
        var gone = feed.FollowAuction(auctionId, u => Enqueue(heard, u));
        gone.Dispose();

        Assert.Equal(HttpStatusCode.Created, (await bidder.BidAsync(auctionId, 30m)).StatusCode);

        await EventuallyAsync(() => !heard.IsEmpty);
        await Task.Delay(200, TestContext.Current.CancellationToken); // room for a wrong second delivery to show
        Assert.Single(heard);
    }

    private static Task Enqueue<T>(ConcurrentQueue<T> queue, T item)
    {
        queue.Enqueue(item);
        return Task.CompletedTask;
    }

    /// <summary>Listeners run off the committing thread: wait (real time, bounded) for them to have run.</summary>
    private static async Task EventuallyAsync(Func<bool> condition)
    {
        for (var i = 0; i < 250 && !condition(); i++)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), "The feed did not deliver within 5 seconds.");
    }
}

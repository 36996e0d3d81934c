using System.Net;
using System.Net.Http.Json;
using Gavel.Core.Data;
using Gavel.Server.Features.Notifications;
using Gavel.Server.Tests.Infrastructure;
using Gavel.Server.Workers;
using Microsoft.Extensions.DependencyInjection;

namespace Gavel.Server.Tests.Notifications;

public abstract class NotificationTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task AnOutbidUserGetsTheNotificationPushedAndInTheInbox()
    {
        await using var app = await GavelApp.StartAsync(Provider, s => s["Workers:DispatcherEnabled"] = "true");
        var seller = await app.CreateUserAsync();
        var alice = await app.CreateUserAsync(deposit: 1000m);
        var bob = await app.CreateUserAsync(deposit: 1000m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m);
        await using var alicesPhone = await LiveClient.ConnectAsync(app, alice);
        await using var bobsPhone = await LiveClient.ConnectAsync(app, bob, messagePack: true);

        await alice.BidAsync(auctionId, 50m);
        Assert.Equal("leading", (await alicesPhone.NextAuctionNotificationAsync()).Kind);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await bob.BidAsync(auctionId, 80m);

        var pushed = await alicesPhone.NextAuctionNotificationAsync();
        Assert.Equal(("outbid", (Guid?)auctionId), (pushed.Kind, pushed.AuctionId));
        Assert.Contains("51.00", pushed.Body, StringComparison.Ordinal);
        Assert.Equal("leading", (await bobsPhone.NextAuctionNotificationAsync()).Kind);

        var inbox = await alice.InboxAsync();
        Assert.Equal(3, inbox["unreadCount"]!.GetValue<int>()); // her deposit, leading, outbid
        var newest = inbox["items"]![0]!;
        Assert.Equal((pushed.Id, "outbid"), (newest["id"]!.GetValue<Guid>(), newest["kind"]!.GetValue<string>()));
        Assert.Equal(51m, newest["data"]!["currentPrice"]!.GetValue<decimal>());
        Assert.Equal(["bidOnYourAuction", "bidOnYourAuction"], await seller.InboxKindsAsync());
        var sellersItems = (await seller.InboxAsync())["items"]!.AsArray().Select(i => i!["body"]!.GetValue<string>()).ToList();
        Assert.Equal(["2 bids so far; the price is now $51.00.", "1 bid so far; the price is now $10.00."], sellersItems);
        Assert.Empty(alicesPhone.DrainNotifications()); // only her own: nothing of Bob's or the seller's
    }

    [Fact]
    public async Task TheInboxIsPagedNewestFirstAndReadStateIsPerUser()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var alice = await app.CreateUserAsync();
        var bob = await app.CreateUserAsync();
        for (var i = 1; i <= 3; i++)
        {
            (await alice.Client.PostAsJsonAsync("/api/wallet/deposits", new { amount = i * 10m })).EnsureSuccessStatusCode();
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var page = await alice.InboxAsync("?page=1&pageSize=2");
        Assert.Equal((3, 2, 3), (page["totalCount"]!.GetValue<int>(), page["items"]!.AsArray().Count, page["unreadCount"]!.GetValue<int>()));
        Assert.Equal([30m, 20m], page["items"]!.AsArray().Select(i => i!["data"]!["amount"]!.GetValue<decimal>()));
        var newest = page["items"]![0]!["id"]!.GetValue<Guid>();

        await ProblemAssert.IsProblemAsync(await bob.Client.PostAsync($"/api/notifications/{newest}/read", null), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsProblemAsync(await bob.Client.PostAsync($"/api/notifications/{Guid.NewGuid()}/read", null), HttpStatusCode.NotFound, "not_found");
        Assert.Equal(3, (await alice.InboxAsync())["unreadCount"]!.GetValue<int>());
        Assert.Equal(0, (await bob.InboxAsync())["totalCount"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.PostAsync($"/api/notifications/{newest}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.PostAsync($"/api/notifications/{newest}/read", null)).StatusCode);

        var unread = await alice.InboxAsync("?unread=true");
        Assert.Equal((2, 2), (unread["totalCount"]!.GetValue<int>(), unread["unreadCount"]!.GetValue<int>()));
        Assert.DoesNotContain(unread["items"]!.AsArray(), i => i!["id"]!.GetValue<Guid>() == newest);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.PostAsync("/api/notifications/read-all", null)).StatusCode);
        Assert.Equal(0, (await alice.InboxAsync())["unreadCount"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/notifications")).StatusCode);
    }

    [Fact]
    public async Task SettlementTellsTheWinnerTheLosersAndTheSeller()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var alice = await app.CreateUserAsync(deposit: 1000m);
        var bob = await app.CreateUserAsync(deposit: 1000m);
        var carol = await app.CreateUserAsync(deposit: 1000m);
        var sold = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m, duration: TimeSpan.FromMinutes(5));
        var unsold = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m, reservePrice: 500m, duration: TimeSpan.FromMinutes(5));
        await alice.BidAsync(sold, 100m);
        await bob.BidAsync(sold, 60m);
        await carol.BidAsync(unsold, 40m);

        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await app.Services.GetRequiredService<AuctionCloser>().RunOnceAsync(CancellationToken.None);
        await app.Services.GetRequiredService<AuctionCloser>().RunOnceAsync(CancellationToken.None);

        Assert.Equal("auctionWon", (await alice.InboxKindsAsync())[0]);
        Assert.Equal("auctionLost", (await bob.InboxKindsAsync())[0]);
        Assert.Equal("auctionLost", (await carol.InboxKindsAsync())[0]);
        var sellerKinds = await seller.InboxKindsAsync();
        Assert.Equal(["auctionSold", "auctionUnsold"], sellerKinds.Take(2).Order());
        Assert.Equal(1, sellerKinds.Count(k => k == "auctionSold"));
    }

    [Fact]
    public async Task CancellingTellsBiddersAndWatchersButNotTheOneWhoCancelled()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var admin = await app.CreateUserAsync(admin: true);
        var bidder = await app.CreateUserAsync(deposit: 100m);
        var watcher = await app.CreateUserAsync();
        var auctionId = await app.CreateLiveAuctionAsync(seller);
        await bidder.BidAsync(auctionId, 20m);
        Assert.Equal(HttpStatusCode.NoContent, (await watcher.Client.PutAsync($"/api/watchlist/{auctionId}", null)).StatusCode);
        app.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PostAsJsonAsync($"/api/auctions/{auctionId}/cancel", new { reason = "counterfeit" })).StatusCode);

        Assert.Equal("auctionCancelled", (await bidder.InboxKindsAsync())[0]);
        Assert.Equal(["auctionCancelled"], await watcher.InboxKindsAsync());
        Assert.Equal("auctionCancelled", (await seller.InboxKindsAsync())[0]);
        Assert.Empty(await admin.InboxKindsAsync());
    }

    [Fact]
    public async Task WalletEventsAreNotified()
    {
        await using var app = await GavelApp.StartAsync(Provider, s => s["Payments:Simulated:FailPayoutsAbove"] = "100");
        var user = await app.CreateUserAsync(deposit: 500m);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        (await user.Client.PostAsJsonAsync("/api/wallet/withdrawals", new { amount = 50m })).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        (await user.Client.PostAsJsonAsync("/api/wallet/withdrawals", new { amount = 200m })).EnsureSuccessStatusCode();

        Assert.Equal(["withdrawalFailed", "withdrawalCompleted", "depositSettled"], await user.InboxKindsAsync());
    }

    [Fact]
    public async Task EndingSoonRemindsEachWatcherAndBidderOnce()
    {
        await using var app = await GavelApp.StartAsync(Provider, s =>
        {
            s["Notifications:EndingSoonLead"] = "00:10:00";
            s["Auth:AccessTokenLifetime"] = "01:00:00";
            s["Auctions:Currency"] = "EUR";
        });
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 100m);
        var watcher = await app.CreateUserAsync();
        var late = await app.CreateUserAsync();
        var auctionId = await app.CreateLiveAuctionAsync(seller, duration: TimeSpan.FromMinutes(30));
        await bidder.BidAsync(auctionId, 20m);
        await watcher.Client.PutAsync($"/api/watchlist/{auctionId}", null);
        var reminders = app.Services.GetRequiredService<EndingSoonNotifier>();

        Assert.Equal(0, await reminders.RunOnceAsync(CancellationToken.None)); // 30 minutes out: too early
        app.Clock.Advance(TimeSpan.FromMinutes(21));
        Assert.Equal(2, await reminders.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await reminders.RunOnceAsync(CancellationToken.None));
        Assert.Equal(HttpStatusCode.NoContent, (await late.Client.PutAsync($"/api/watchlist/{auctionId}", null)).StatusCode);
        Assert.Equal(1, await reminders.RunOnceAsync(CancellationToken.None));

        Assert.Equal("endingSoon", (await bidder.InboxKindsAsync())[0]);
        Assert.Equal(["endingSoon"], await watcher.InboxKindsAsync());
        var reminder = (await watcher.InboxAsync())["items"]![0]!;
        Assert.StartsWith("About 9 minutes left; the price is 10.00 EUR", reminder["body"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["endingSoon"], await late.InboxKindsAsync());
        Assert.DoesNotContain("endingSoon", await seller.InboxKindsAsync());
    }
}

public sealed class SqliteNotificationTests : NotificationTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresNotificationTests : NotificationTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

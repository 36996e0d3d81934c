using System.Net;
using System.Net.Http.Json;
using Gavel.Core.Data;
using Gavel.Server.Features.Live;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Gavel.Server.Tests.Live;

/// <summary>Who may connect to /hubs/live, what one connection may hold, and which user messages reach whom.</summary>
public sealed class HubAccessTests
{
    [Fact]
    public async Task FollowingIsCappedPerConnectionWithAClearErrorAndUnfollowFreesASlot()
    {
        await using var app = await GavelApp.StartAsync(DatabaseProvider.Sqlite, s => s["Live:MaxFollowsPerConnection"] = "3");
        var seller = await app.CreateUserAsync();
        var alice = await app.CreateUserAsync(deposit: 100m);
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await app.CreateLiveAuctionAsync(seller));
        }

        await using var client = await LiveClient.ConnectAsync(app);
        foreach (var id in ids.Take(3))
        {
            await client.FollowAsync(id);
        }

        await client.FollowAsync(ids[0]); // following again is not a new group
        var refused = await Assert.ThrowsAsync<HubException>(() => client.FollowAsync(ids[3]));
        Assert.Contains("already follows 3 auctions", refused.Message, StringComparison.Ordinal);
        await alice.BidAsync(ids[3], 20m);

        await client.UnfollowAsync(ids[0]);
        await client.FollowAsync(ids[3]);
        await alice.BidAsync(ids[3], 30m);
        var update = await client.NextUpdateAsync();
        Assert.Equal((ids[3], 2L), (update.AuctionId, update.Sequence)); // the bid made while refused never came
        Assert.Empty(client.DrainUpdates());

        // The cap is per connection: another client follows the fourth without trouble.
        await using var other = await LiveClient.ConnectAsync(app);
        await other.FollowAsync(ids[3]);
    }

    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.ServerSentEvents)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task ATokenSignsTheConnectionInOnEveryTransport(HttpTransportType transport)
    {
        await using var app = await GavelApp.StartAsync(DatabaseProvider.Sqlite, s => s["Workers:DispatcherEnabled"] = "true");
        var alice = await app.CreateUserAsync();
        await using var client = await LiveClient.ConnectAsync(app, alice, transport);

        (await alice.Client.PostAsJsonAsync("/api/wallet/deposits", new { amount = 5m })).EnsureSuccessStatusCode();

        Assert.Equal("depositSettled", (await client.NextNotificationAsync()).Kind);
    }

    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task AnExpiredOrForgedTokenIsRefusedRatherThanConnectedAsAnonymous(HttpTransportType transport)
    {
        await using var app = await GavelApp.StartAsync(DatabaseProvider.Sqlite);
        var alice = await app.CreateUserAsync();
        var forged = alice.AccessToken[..^4] + (alice.AccessToken.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        app.Clock.Advance(TimeSpan.FromHours(1)); // past the 15-minute access token lifetime

        foreach (var token in new[] { alice.AccessToken, forged, "not-a-token" })
        {
            await using var connection = LiveClient.CreateConnection(app, token, transport);
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await using var anonymous = await LiveClient.ConnectAsync(app, transport: transport); // no token at all is fine
    }

    [Fact]
    public async Task OverLongPollingEveryPollCarriesTheTokenSoAClientThatRefreshesItStaysConnected()
    {
        await using var app = await GavelApp.StartAsync(DatabaseProvider.Sqlite, s => s["Workers:DispatcherEnabled"] = "true");
        var alice = await app.CreateUserAsync();
        var fresh = alice.AccessToken;
        await using var refreshing = LiveClient.CreateConnection(app, () => fresh, HttpTransportType.LongPolling);
        await using var stale = LiveClient.CreateConnection(app, alice.AccessToken, HttpTransportType.LongPolling);
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        refreshing.On<NotificationMessage>("Notification", n => heard.TrySetResult(n.Kind));
        var staleClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        stale.Closed += _ =>
        {
            staleClosed.TrySetResult();
            return Task.CompletedTask;
        };
        await refreshing.StartAsync();
        await stale.StartAsync();

        // Both tokens expire and the refreshing client gets a new one in the same step: with an await between the two,
        // a poll the client sends meanwhile (under load, the one after the handshake) carried the expired token and was
        // refused, closing the connection this test needs open.
        var user = (await app.WithDbAsync(db => db.Users.FindAsync(alice.Id).AsTask()))!;
        var issuer = app.Services.GetRequiredService<Gavel.Server.Features.Accounts.TokenIssuer>();
        app.Clock.Advance(TimeSpan.FromHours(1));
        fresh = issuer.CreateAccessToken(user).Token;
        (await app.WithToken(fresh).PostAsJsonAsync("/api/wallet/deposits", new { amount = 5m })).EnsureSuccessStatusCode();

        // The push ends both pending polls; the next poll of each carries the token it has.
        Assert.Equal("depositSettled", await heard.Task.WaitAsync(LiveClient.Patience));
        await staleClosed.Task.WaitAsync(LiveClient.Patience); // refused: 401, and the connection ends
        Assert.Equal(HubConnectionState.Connected, refreshing.State);
    }

    [Fact]
    public async Task ASuspendedUsersConnectionsCloseAndCannotReconnect()
    {
        await using var app = await GavelApp.StartAsync(DatabaseProvider.Sqlite, s => s["Workers:DispatcherEnabled"] = "true");
        var admin = await app.CreateUserAsync(admin: true);
        var alice = await app.CreateUserAsync();
        var bob = await app.CreateUserAsync();
        await using var phone = await LiveClient.ConnectAsync(app, alice);
        await using var laptop = await LiveClient.ConnectAsync(app, alice, HttpTransportType.LongPolling, messagePack: true);
        await using var bobs = await LiveClient.ConnectAsync(app, bob);
        var closed = new[] { phone, laptop }.Select(c =>
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            c.Connection.Closed += _ => { done.TrySetResult(); return Task.CompletedTask; };
            return done.Task;
        }).ToArray();

        var suspend = await admin.Client.PostAsync($"/api/admin/users/{alice.Id}/suspend", null);
        Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);

        await Task.WhenAll(closed).WaitAsync(LiveClient.Patience);
        Assert.Equal(HubConnectionState.Connected, bobs.Connection.State); // only hers
        await using var again = LiveClient.CreateConnection(app, alice.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<HttpRequestException>(() => again.StartAsync())).StatusCode);
    }

    [Fact]
    public async Task EveryConnectionOfAUserGetsTheirNotificationsAndNoOtherUserDoes()
    {
        await using var app = await GavelApp.StartAsync(DatabaseProvider.Sqlite, s => s["Workers:DispatcherEnabled"] = "true");
        var seller = await app.CreateUserAsync();
        var alice = await app.CreateUserAsync(deposit: 1000m);
        var bob = await app.CreateUserAsync(deposit: 1000m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m);
        await using var alicesPhone = await LiveClient.ConnectAsync(app, alice);
        await using var alicesLaptop = await LiveClient.ConnectAsync(app, alice, HttpTransportType.LongPolling, messagePack: true);
        await using var bobsPhone = await LiveClient.ConnectAsync(app, bob);
        await using var anonymous = await LiveClient.ConnectAsync(app);
        await anonymous.FollowAsync(auctionId);

        await alice.BidAsync(auctionId, 50m);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await bob.BidAsync(auctionId, 80m);

        foreach (var device in new[] { alicesPhone, alicesLaptop })
        {
            var leading = await device.NextAuctionNotificationAsync();
            var outbid = await device.NextAuctionNotificationAsync();
            Assert.Equal(("leading", "outbid"), (leading.Kind, outbid.Kind));
        }

        var bobs = await bobsPhone.NextAuctionNotificationAsync();
        Assert.Equal("leading", bobs.Kind);
        Assert.Equal(2, (await anonymous.NextUpdateAsync(), await anonymous.NextUpdateAsync()).Item2.Sequence);

        // Nothing else came: no one sees another user's notifications, and a follower without a token gets none.
        await alice.BidAsync(auctionId, 20m); // refused (too low): writes nothing, pushes nothing
        Assert.DoesNotContain(bobsPhone.DrainNotifications(), n => n.AuctionId == auctionId);
        Assert.DoesNotContain(alicesPhone.DrainNotifications(), n => n.AuctionId == auctionId);
        Assert.DoesNotContain(alicesLaptop.DrainNotifications(), n => n.AuctionId == auctionId);
        Assert.Empty(anonymous.DrainNotifications());

        // And once Alice's devices close, her user group is gone on this node: nothing is kept per user who has left.
        await alicesPhone.DisposeAsync();
        await alicesLaptop.DisposeAsync();
        var connections = app.Services.GetRequiredService<LiveConnections>();
        using var patience = new CancellationTokenSource(LiveClient.Patience);
        while (connections.UserCount > 1) // Bob is still connected
        {
            await Task.Delay(20, patience.Token); // the server notices a closed connection on its own time
        }
    }
}

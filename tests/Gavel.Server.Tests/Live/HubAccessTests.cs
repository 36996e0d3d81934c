using System.Net;
using System.Net.Http.Json;
using Gavel.Core.Data;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Gavel.Server.Tests.Live;

/// <summary>Who may connect to /hubs/live, what one connection may hold, and which user messages reach whom.</summary>
public sealed class HubAccessTests
{
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
}

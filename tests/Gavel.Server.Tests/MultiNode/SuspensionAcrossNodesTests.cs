using System.Net;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Gavel.Server.Tests.MultiNode;

/// <summary>A user suspended through one node loses their hub connections on the other node too (real Redis).</summary>
public sealed class SuspensionAcrossNodesTests
{
    [Fact]
    public async Task SuspendingOnNodeAClosesTheUsersConnectionsOnNodeB()
    {
        var redis = await TestRedis.RequireAsync();
        var prefix = "gavel-test-" + Guid.NewGuid().ToString("N")[..8];
        await using var nodeA = await GavelApp.StartAsync(configure: s => (s["Redis:Configuration"], s["Redis:ChannelPrefix"]) = (redis, prefix));
        await using var nodeB = await GavelApp.StartOnSameDatabaseAsync(nodeA);
        var admin = await nodeA.CreateUserAsync("admin", admin: true);
        var alice = await nodeA.CreateUserAsync("alice");
        var bob = await nodeA.CreateUserAsync("bob");
        await using var alicesPhone = await LiveClient.ConnectAsync(nodeB, alice);
        await using var bobsPhone = await LiveClient.ConnectAsync(nodeB, bob);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        alicesPhone.Connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PostAsync($"/api/admin/users/{alice.Id}/suspend", null)).StatusCode);

        await closed.Task.WaitAsync(LiveClient.Patience);
        Assert.Equal(HubConnectionState.Connected, bobsPhone.Connection.State);

        // Reconnecting at once to node B is refused too: B had just checked her token and cached "not suspended".
        var again = await Assert.ThrowsAsync<HttpRequestException>(() => LiveClient.ConnectAsync(nodeB, alice));
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }
}

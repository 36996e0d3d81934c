using System.Diagnostics;
using System.Net.Http.Json;
using Gavel.Core.Notifications;
using Gavel.Server.Tests.Infrastructure;
using Gavel.Server.Tests.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Tests.MultiNode;

/// <summary>
/// The dispatcher's pushes go through the SignalR backplane; while its Redis is away each push waits out the client's
/// timeout (about 5 s). One failure per pass is enough to know: the rest of the pass's pushes are put off, not tried.
/// </summary>
public sealed class PushesWhileRedisIsDownTests
{
    [Fact]
    public async Task OneFailedPushPutsOffTheOthersOfItsPassAndTheEmailsStillGo()
    {
        await using var redis = await TestRedis.ProxyAsync();
        await using var app = await GavelApp.StartAsync(configure: s => s["Redis:Configuration"] = $"127.0.0.1:{redis.Port},connectTimeout=200");
        var users = new List<TestUser>();
        for (var i = 0; i < 4; i++)
        {
            users.Add(await app.CreateUserAsync($"user{i}", deposit: 100m));
        }

        await app.DispatchAsync(); // the deposits' pushes: the backplane is connected and working
        Assert.All(await app.WithDbAsync(db => db.NotificationDeliveries.AsNoTracking().ToListAsync()), d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        redis.Drop();
        foreach (var user in users)
        {
            Assert.True((await user.Client.PostAsJsonAsync("/api/wallet/deposits", new { amount = 10m })).IsSuccessStatusCode);
        }

        Assert.True((await users[0].Client.PostAsJsonAsync("/api/wallet/withdrawals", new { amount = 5m })).IsSuccessStatusCode);
        var emailsBefore = app.Emails().Length;

        var clock = Stopwatch.StartNew();
        await app.DispatchAsync();
        var took = clock.Elapsed;

        TestContext.Current.SendDiagnosticMessage($"The pass took {took.TotalMilliseconds:F0} ms");
        Assert.True(took < TimeSpan.FromSeconds(9), $"The pass took {took.TotalMilliseconds:F0} ms: more than one push waited for Redis.");
        Assert.Equal(emailsBefore + 5, app.Emails().Length); // the four deposits' emails and the withdrawal's went
        var pushes = await app.WithDbAsync(db => db.NotificationDeliveries.AsNoTracking()
            .Where(d => d.Channel == NotificationChannel.Push && d.Status != DeliveryStatus.Sent).ToListAsync());
        Assert.True(pushes.Count >= 4, $"{pushes.Count} pushes left to retry; the four deposits' at least"); // none lost
        Assert.All(pushes, p => Assert.Equal(DeliveryStatus.Pending, p.Status));
        Assert.All(pushes, p => Assert.True(p.DueAt > app.Clock.GetUtcNow(), "A push put off must wait for the retry."));
        Assert.Equal(1, pushes.Count(p => p.Attempts == 1)); // only the first was tried
    }
}

using Gavel.Core.Data;
using Gavel.Core.Notifications;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Tests.Notifications;

public abstract class OutboxCrashTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task ANotificationCommittedBeforeACrashIsDeliveredExactlyOnceAfterTheRestart()
    {
        await using var database = await TestDatabase.CreateAsync(Provider);
        var mail = Directory.CreateTempSubdirectory("gavel-mail-").FullName;
        string signingKey;
        TestUser alice;
        await using (var first = await GavelApp.StartAsync(database, s => s["Notifications:PickupDirectory"] = mail))
        {
            signingKey = first.Settings["Auth:SigningKey"]!;
            alice = await first.CreateUserAsync(deposit: 100m); // commits the deposit, its notification and outbox rows
        } // ...and the process is gone before any dispatcher ran

        await using var second = await GavelApp.StartAsync(database, s =>
        {
            s["Auth:SigningKey"] = signingKey;
            s["Notifications:PickupDirectory"] = mail;
        });
        await using var phone = await LiveClient.ConnectAsync(second, alice);

        Assert.Equal(2, await second.DispatchAsync());
        Assert.Equal(0, await second.DispatchAsync());

        var pushed = await phone.NextNotificationAsync();
        Assert.Equal("depositSettled", pushed.Kind);
        Assert.Equal($"{pushed.Id:N}.eml", Path.GetFileName(Assert.Single(second.Emails())));
        await Task.Delay(200); // a stray duplicate would have arrived by now
        Assert.Empty(phone.DrainNotifications());
        Directory.Delete(mail, recursive: true);
    }

    [Fact]
    public async Task ADeliveryLeftByADeadDispatcherIsRetakenWhenItsLeaseRunsOutAndRepeatsAreRecognisable()
    {
        await using var app = await GavelApp.StartAsync(Provider, s => s["Notifications:LeaseDuration"] = "00:01:00");
        var alice = await app.CreateUserAsync(deposit: 100m);
        await using var phone = await LiveClient.ConnectAsync(app, alice);

        // Another node claimed the rows and died mid-delivery: its lease still holds them for a minute.
        var now = app.Clock.GetUtcNow();
        await app.WithDbAsync(db => db.NotificationDeliveries.ExecuteUpdateAsync(s => s
            .SetProperty(d => d.LeaseOwner, Guid.NewGuid()).SetProperty(d => d.LeaseUntil, now.AddMinutes(1))));
        Assert.Equal(0, await app.DispatchAsync());

        app.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(2, await app.DispatchAsync());
        var first = await phone.NextNotificationAsync();

        // The dead node had in fact sent them before dying (its outcome never recorded): a second delivery happens,
        // and it carries the same id: the client drops it, and the email overwrites the same file.
        await app.WithDbAsync(db => db.NotificationDeliveries.ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Pending)));
        Assert.Equal(2, await app.DispatchAsync());
        var repeat = await phone.NextNotificationAsync();
        Assert.Equal(first.Id, repeat.Id);
        Assert.Single(app.Emails());
    }
}

public sealed class SqliteOutboxCrashTests : OutboxCrashTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresOutboxCrashTests : OutboxCrashTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

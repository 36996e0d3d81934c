using System.Net;
using System.Net.Http.Json;
using Gavel.Core.Data;
using Gavel.Core.Notifications;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Tests.Notifications;

public abstract class EmailTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task WithoutSmtpEmailsAreWrittenAsEmlFilesOncePerNotification()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var user = await app.CreateUserAsync(deposit: 75m);

        Assert.Equal(2, await app.DispatchAsync()); // push and email
        Assert.Equal(0, await app.DispatchAsync());

        var file = Assert.Single(app.Emails());
        var notification = await app.WithDbAsync(db => db.Notifications.SingleAsync(n => n.UserId == user.Id));
        Assert.Equal($"{notification.Id:N}.eml", Path.GetFileName(file));
        var mail = await File.ReadAllTextAsync(file);
        Assert.Contains("Subject: Your deposit has arrived", mail, StringComparison.Ordinal);
        Assert.Contains($"<{user.Email}>", mail, StringComparison.Ordinal);
        Assert.Contains($"Message-Id: <{notification.Id:N}@gavel>", mail, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("75.00 is now available", mail, StringComparison.Ordinal);
        var outcomes = await app.WithDbAsync(db => db.NotificationDeliveries.Select(d => d.Status).ToListAsync());
        Assert.Equal([DeliveryStatus.Sent, DeliveryStatus.Sent], outcomes);
    }

    [Fact]
    public async Task PreferencesTurnChannelsOffPerKind()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var user = await app.CreateUserAsync();
        var defaults = await user.Client.GetJsonAsync("/api/notifications/preferences");
        var kinds = defaults["kinds"]!.AsArray();
        Assert.Equal(Enum.GetValues<NotificationKind>().Length, kinds.Count);
        Assert.False(kinds.Single(k => k!["kind"]!.GetValue<string>() == "leading")!["email"]!.GetValue<bool>());
        Assert.True(kinds.Single(k => k!["kind"]!.GetValue<string>() == "outbid")!["email"]!.GetValue<bool>());
        Assert.Null(defaults["quietHours"]);

        var put = await user.Client.PutAsJsonAsync("/api/notifications/preferences", new
        {
            kinds = new object[]
            {
                new { kind = "depositSettled", email = false },
                new { kind = "withdrawalCompleted", inbox = false, push = false },
            },
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var saved = (await put.ReadJsonAsync())["kinds"]!.AsArray().Single(k => k!["kind"]!.GetValue<string>() == "withdrawalCompleted")!;
        Assert.Equal((false, false, true), (saved["inbox"]!.GetValue<bool>(), saved["push"]!.GetValue<bool>(), saved["email"]!.GetValue<bool>()));

        (await user.Client.PostAsJsonAsync("/api/wallet/deposits", new { amount = 100m })).EnsureSuccessStatusCode();
        (await user.Client.PostAsJsonAsync("/api/wallet/withdrawals", new { amount = 40m })).EnsureSuccessStatusCode();
        Assert.Equal(2, await app.DispatchAsync()); // the deposit's push and the withdrawal's email

        Assert.Equal(["depositSettled"], await user.InboxKindsAsync());
        var email = await File.ReadAllTextAsync(Assert.Single(app.Emails()));
        Assert.Contains("X-Gavel-Kind: WithdrawalCompleted", email, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadPreferencesAreRefusedWithTheFieldNamed()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var user = await app.CreateUserAsync();

        var zone = await user.Client.PutAsJsonAsync("/api/notifications/preferences", new { quietHours = new { start = "22:00", end = "07:00", timeZone = "Mars/Olympus" } });
        var time = await user.Client.PutAsJsonAsync("/api/notifications/preferences", new { quietHours = new { start = "25:00", end = "07:00" } });
        var kind = await user.Client.PutAsJsonAsync("/api/notifications/preferences", new { kinds = new[] { new { kind = "gossip", email = true } } });

        await ProblemAssert.IsProblemAsync(zone, HttpStatusCode.BadRequest, "invalid_request");
        await ProblemAssert.IsProblemAsync(time, HttpStatusCode.BadRequest, "invalid_request");
        await ProblemAssert.IsProblemAsync(kind, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task QuietHoursHoldEmailsUntilTheyEndButNotPushes()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var user = await app.CreateUserAsync();

        // 12:00 UTC is 21:00 in Tokyo: inside 20:00 to 08:00, which ends at 23:00 UTC.
        var put = await user.Client.PutAsJsonAsync("/api/notifications/preferences", new { quietHours = new { start = "20:00", end = "08:00", timeZone = "Asia/Tokyo" } });
        Assert.Equal("Asia/Tokyo", (await put.ReadJsonAsync())["quietHours"]!["timeZone"]!.GetValue<string>());
        await using var phone = await LiveClient.ConnectAsync(app, user);
        (await user.Client.PostAsJsonAsync("/api/wallet/deposits", new { amount = 100m })).EnsureSuccessStatusCode();

        Assert.Equal(2, await app.DispatchAsync());
        Assert.Equal("depositSettled", (await phone.NextNotificationAsync()).Kind);
        Assert.Empty(app.Emails());

        app.Clock.Advance(TimeSpan.FromHours(10.9));
        Assert.Equal(0, await app.DispatchAsync());
        Assert.Empty(app.Emails());

        app.Clock.Advance(TimeSpan.FromHours(0.2));
        Assert.Equal(1, await app.DispatchAsync());
        Assert.Single(app.Emails());
    }

    [Fact]
    public async Task OutbidEmailsCollapseDuringABiddingWarWhileTheInboxKeepsEveryEvent()
    {
        await using var app = await GavelApp.StartAsync(Provider, s => s["Notifications:OutbidEmailCollapseWindow"] = "00:02:00");
        var seller = await app.CreateUserAsync();
        var alice = await app.CreateUserAsync(deposit: 1000m);
        var bob = await app.CreateUserAsync(deposit: 1000m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m);
        await app.DispatchAsync(); // the deposits' emails
        var before = app.Emails().Length;

        foreach (var (bidder, max) in new[] { (alice, 20m), (bob, 30m), (alice, 40m), (bob, 50m), (alice, 60m), (bob, 70m) })
        {
            Assert.Equal(HttpStatusCode.Created, (await bidder.BidAsync(auctionId, max)).StatusCode);
            app.Clock.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(3, (await alice.InboxKindsAsync()).Count(k => k == "outbid"));
        Assert.Equal(2, (await bob.InboxKindsAsync()).Count(k => k == "outbid"));
        await app.DispatchAsync();
        Assert.Equal(before, app.Emails().Length); // still inside the window: nothing yet

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await app.DispatchAsync();

        // Alice was outbid three times and gets one email, the latest; Bob leads again and gets none.
        var outbid = app.Emails().Select(File.ReadAllText).Where(m => m.Contains("X-Gavel-Kind: Outbid", StringComparison.Ordinal)).ToList();
        var mail = Assert.Single(outbid);
        Assert.Contains(alice.Email, mail, StringComparison.Ordinal);
        Assert.Contains("61.00", mail, StringComparison.Ordinal);
        var skipped = await app.WithDbAsync(db => db.NotificationDeliveries.Where(d => d.Status == DeliveryStatus.Skipped).Select(d => d.Outcome).ToListAsync());
        Assert.Equal(4, skipped.Count);
        Assert.Equal(3, skipped.Count(o => o == "collapsed into a later email"));
        Assert.Equal(1, skipped.Count(o => o == "leading again"));
    }
}

public sealed class SqliteEmailTests : EmailTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresEmailTests : EmailTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

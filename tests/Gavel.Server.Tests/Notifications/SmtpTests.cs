using Gavel.Core.Notifications;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Tests.Notifications;

public sealed class SmtpTests
{
    [Fact]
    public async Task WithSmtpConfiguredEmailsAreSentAndARefusalIsRetriedWithBackoff()
    {
        await using var smtp = new FakeSmtpServer(refuse: 2);
        await using var app = await GavelApp.StartAsync(configure: s =>
        {
            s["Notifications:Smtp:Host"] = "127.0.0.1";
            s["Notifications:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            s["Notifications:Smtp:Security"] = "None";
            s["Notifications:RetryBaseDelay"] = "00:00:10";
        });
        var user = await app.CreateUserAsync(deposit: 30m);

        await app.DispatchAsync();
        var delivery = await app.WithDbAsync(db => db.NotificationDeliveries.SingleAsync(d => d.Channel == NotificationChannel.Email));
        Assert.Equal((DeliveryStatus.Pending, 1), (delivery.Status, delivery.Attempts));
        Assert.Equal(app.Clock.GetUtcNow() + TimeSpan.FromSeconds(10), delivery.DueAt);

        app.Clock.Advance(TimeSpan.FromSeconds(10));
        await app.DispatchAsync();
        delivery = await app.WithDbAsync(db => db.NotificationDeliveries.SingleAsync(d => d.Channel == NotificationChannel.Email));
        Assert.Equal((DeliveryStatus.Pending, 2), (delivery.Status, delivery.Attempts));
        Assert.Equal(app.Clock.GetUtcNow() + TimeSpan.FromSeconds(20), delivery.DueAt); // twice as long

        app.Clock.Advance(TimeSpan.FromSeconds(20));
        await app.DispatchAsync();
        delivery = await app.WithDbAsync(db => db.NotificationDeliveries.SingleAsync(d => d.Channel == NotificationChannel.Email));
        Assert.Equal((DeliveryStatus.Sent, 3), (delivery.Status, delivery.Attempts));
        Assert.Equal(2, smtp.Refused);
        var message = Assert.Single(smtp.Messages);
        Assert.Contains("Subject: Your deposit has arrived", message, StringComparison.Ordinal);
        Assert.Contains(user.Email, message, StringComparison.Ordinal);
        Assert.Empty(app.Emails()); // nothing went to the pickup folder
    }
}

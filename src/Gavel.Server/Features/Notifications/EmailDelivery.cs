using Gavel.Core.Data;
using Gavel.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Gavel.Server.Features.Notifications;

/// <summary>
/// Emails one notification, unless it should wait (quiet hours, the outbid collapse window) or no longer go at all
/// (a later outbid email for the same auction replaces it; the user leads again).
/// </summary>
internal sealed class EmailDelivery(IEmailSender sender, TimeProvider clock, IOptions<NotificationOptions> options)
{
    public async Task<DeliveryOutcome> SendAsync(GavelDbContext db, NotificationDelivery delivery, Notification notification, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (delivery.CollapseKey is { } key)
        {
            var windowEnd = notification.CreatedAt + options.Value.OutbidEmailCollapseWindow;
            if (now < windowEnd)
            {
                return DeliveryOutcome.Later(windowEnd, "waiting for the bidding to settle");
            }

            if (await db.NotificationDeliveries.AnyAsync(d => d.UserId == delivery.UserId && d.CollapseKey == key && d.Id > delivery.Id, ct))
            {
                return DeliveryOutcome.Skipped("collapsed into a later email");
            }

            if (await db.Auctions.AnyAsync(a => a.Id == notification.AuctionId && a.LeaderId == notification.UserId, ct))
            {
                return DeliveryOutcome.Skipped("leading again");
            }
        }

        var settings = await db.NotificationSettings.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == delivery.UserId, ct);
        if (settings?.EmailAllowedFrom(now) is { } allowed && allowed > now)
        {
            return DeliveryOutcome.Later(allowed, "quiet hours");
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == delivery.UserId).Select(u => new { u.Email, u.DisplayName }).FirstAsync(ct);
        await sender.SendAsync(Compose(notification, new MailboxAddress(user.DisplayName, user.Email)), ct);
        return DeliveryOutcome.Sent;
    }

    private MimeMessage Compose(Notification notification, MailboxAddress to)
    {
        var site = options.Value.PublicBaseUrl.TrimEnd('/');
        var link = notification.AuctionId is { } auction ? $"\n\n{site}/auctions/{auction}" : string.Empty;
        var message = new MimeMessage
        {
            // The notification id makes a repeated delivery recognisable to any mail client (and names the pickup file).
            MessageId = $"{notification.Id:N}@gavel",
            Subject = notification.Title,
            Date = notification.CreatedAt,
            Body = new TextPart("plain")
            {
                Text = $"{notification.Body}{link}\n\n--\nGavel. Choose what we email you: {site}/api/notifications/preferences\n",
            },
        };
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(to);
        message.Headers.Add("X-Gavel-Notification", notification.Id.ToString());
        message.Headers.Add("X-Gavel-Kind", notification.Kind.ToString());
        return message;
    }
}

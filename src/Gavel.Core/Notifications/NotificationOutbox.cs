using System.Text.Json;
using Gavel.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Core.Notifications;

/// <summary>A notification about to be written: who, what kind, and what to tell them.</summary>
public sealed record NotificationDraft(Guid UserId, NotificationKind Kind, Guid? AuctionId, string Title, string Body, object? Data = null);

/// <summary>
/// Writes notifications and their outbox rows into the caller's open write transaction, so they commit (or roll back)
/// with the event that caused them. The user's preferences decide the channels now, when the event happens.
/// </summary>
public static class NotificationOutbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task AddAsync(GavelDbContext db, IReadOnlyCollection<NotificationDraft> drafts, DateTimeOffset now, CancellationToken ct)
    {
        if (drafts.Count == 0)
        {
            return;
        }

        var userIds = drafts.Select(d => d.UserId).Distinct().ToArray();
        var kinds = drafts.Select(d => d.Kind).Distinct().ToArray();
        var choices = await db.NotificationPreferences.AsNoTracking()
            .Where(p => userIds.Contains(p.UserId) && kinds.Contains(p.Kind))
            .ToDictionaryAsync(p => (p.UserId, p.Kind, p.Channel), p => p.Enabled, ct);
        bool Wants(NotificationDraft d, NotificationChannel channel) =>
            choices.TryGetValue((d.UserId, d.Kind, channel), out var enabled) ? enabled : NotificationPreference.DefaultFor(d.Kind, channel);

        foreach (var draft in drafts)
        {
            var notification = new Notification
            {
                UserId = draft.UserId,
                Kind = draft.Kind,
                AuctionId = draft.AuctionId,
                Title = draft.Title,
                Body = draft.Body,
                Data = draft.Data is null ? null : JsonSerializer.Serialize(draft.Data, Json),
                CreatedAt = now,
                InInbox = Wants(draft, NotificationChannel.Inbox),
            };
            db.Notifications.Add(notification);
            foreach (var channel in (NotificationChannel[])[NotificationChannel.Push, NotificationChannel.Email])
            {
                if (Wants(draft, channel))
                {
                    db.NotificationDeliveries.Add(new NotificationDelivery
                    {
                        NotificationId = notification.Id,
                        UserId = draft.UserId,
                        Channel = channel,
                        DueAt = now,
                        CollapseKey = channel == NotificationChannel.Email && draft.Kind == NotificationKind.Outbid ? $"outbid:{draft.AuctionId}" : null,
                    });
                }
            }
        }
    }
}

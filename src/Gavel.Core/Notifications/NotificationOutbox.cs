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

        var choices = await LoadChoicesAsync(db, drafts.Select(d => d.UserId), drafts.Select(d => d.Kind), ct);
        Add(db, drafts, choices, now);
    }

    /// <summary>
    /// The channel choices of these users for these kinds, read once for a writer that adds many notifications in one
    /// transaction (<see cref="Add"/>). A choice a user never made is absent, and the kind's default applies.
    /// </summary>
    public static async Task<NotificationChoices> LoadChoicesAsync(
        GavelDbContext db, IEnumerable<Guid> users, IEnumerable<NotificationKind> kinds, CancellationToken ct)
    {
        var userIds = users.Distinct().ToArray();
        var kindList = kinds.Distinct().ToArray();
        var choices = await db.NotificationPreferences.AsNoTracking()
            .Where(p => userIds.Contains(p.UserId) && kindList.Contains(p.Kind))
            .ToDictionaryAsync(p => (p.UserId, p.Kind, p.Channel), p => p.Enabled, ct);
        return new NotificationChoices(choices);
    }

    /// <summary>Adds the drafts with choices read beforehand; every draft's user and kind must be among those read.</summary>
    public static void Add(GavelDbContext db, IReadOnlyCollection<NotificationDraft> drafts, NotificationChoices choices, DateTimeOffset now)
    {
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
                InInbox = choices.Wants(draft, NotificationChannel.Inbox),
            };
            db.Notifications.Add(notification);
            foreach (var channel in (NotificationChannel[])[NotificationChannel.Push, NotificationChannel.Email])
            {
                if (choices.Wants(draft, channel))
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

/// <summary>Users' stored channel choices; where a user made none, the kind's default.</summary>
public sealed class NotificationChoices(Dictionary<(Guid UserId, NotificationKind Kind, NotificationChannel Channel), bool> stored)
{
    public bool Wants(NotificationDraft draft, NotificationChannel channel) =>
        stored.TryGetValue((draft.UserId, draft.Kind, channel), out var enabled) ? enabled : NotificationPreference.DefaultFor(draft.Kind, channel);
}

using System.Security.Claims;
using System.Text.Json;
using Gavel.Core.Data;
using Gavel.Core.Notifications;
using Gavel.Server.Features.Auctions;
using Gavel.Server.Features.Live;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Features.Notifications;

internal sealed record NotificationItem(
    Guid Id, string Kind, Guid? AuctionId, string Title, string Body, JsonElement? Data, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)
{
    public static NotificationItem From(Notification n) => new(
        n.Id,
        AuctionDetails.ToCamel(n.Kind.ToString()),
        n.AuctionId,
        n.Title,
        n.Body,
        n.Data is null ? null : JsonDocument.Parse(n.Data).RootElement.Clone(),
        n.CreatedAt,
        n.ReadAt);
}

/// <summary>API.md's list shape plus how many are unread in all.</summary>
internal sealed record NotificationInbox(IReadOnlyList<NotificationItem> Items, int Page, int PageSize, int TotalCount, int UnreadCount);

internal static class Inbox
{
    /// <summary>The caller's notifications, newest first; <paramref name="unread"/> keeps only the unread ones.</summary>
    public static async Task<Ok<NotificationInbox>> ListAsync(
        [AsParameters] PageRequest paging, bool? unread, ClaimsPrincipal user, GavelDbContext db, CancellationToken ct)
    {
        var userId = user.GetUserId();
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == userId && n.InInbox);
        var unreadCount = await mine.CountAsync(n => n.ReadAt == null, ct);
        var query = unread == true ? mine.Where(n => n.ReadAt == null) : mine;
        var total = unread == true ? unreadCount : await query.CountAsync(ct);
        var rows = await query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return TypedResults.Ok(new NotificationInbox([.. rows.Select(NotificationItem.From)], paging.PageNumber, paging.Size, total, unreadCount));
    }

    /// <summary>Marks one of the caller's notifications read (again is fine); another user's is 403 (API.md).</summary>
    public static async Task<Results<NoContent, NotFound, ForbidHttpResult>> MarkReadAsync(
        Guid id, ClaimsPrincipal user, GavelDbContext db, TimeProvider clock, LiveFeed feed, CancellationToken ct)
    {
        var userId = user.GetUserId();
        var now = clock.GetUtcNow();
        var owner = await db.WriteAsync(async token =>
        {
            await db.Notifications.Where(n => n.Id == id && n.UserId == userId && n.ReadAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), token);
            return await db.Notifications.Where(n => n.Id == id).Select(n => (Guid?)n.UserId).FirstOrDefaultAsync(token);
        }, ct);
        if (owner is null)
        {
            return TypedResults.NotFound();
        }

        if (owner != userId)
        {
            return TypedResults.Forbid();
        }

        // A set-based update passes no SaveChanges, so the after-commit publisher cannot see it: say so here.
        feed.Publish(new NotificationsRead(userId));
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> MarkAllReadAsync(ClaimsPrincipal user, GavelDbContext db, TimeProvider clock, LiveFeed feed, CancellationToken ct)
    {
        var userId = user.GetUserId();
        var now = clock.GetUtcNow();
        await db.WriteAsync(token => db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), token), ct);
        feed.Publish(new NotificationsRead(userId));
        return TypedResults.NoContent();
    }
}

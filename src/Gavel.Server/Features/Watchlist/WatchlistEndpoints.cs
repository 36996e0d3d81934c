using System.Security.Claims;
using Gavel.Core.Auctions;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Gavel.Server.Features.Auctions;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Features.Watchlist;

internal static class WatchlistEndpoints
{
    public static RouteGroupBuilder MapWatchlist(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/watchlist").WithTags("Watchlist").RequireAuthorization();
        group.MapGet("/", ListAsync).WithName("GetWatchlist");
        group.MapPut("/{auctionId:guid}", WatchAsync).WithName("WatchAuction");
        group.MapDelete("/{auctionId:guid}", UnwatchAsync).WithName("UnwatchAuction");
        return group;
    }

    internal static async Task<Ok<Paged<AuctionSummary>>> ListAsync(
        [AsParameters] PageRequest paging, ClaimsPrincipal user, GavelDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var userId = user.GetUserId();
        var query = db.Watchlist.Where(w => w.UserId == userId)
            .Join(db.Auctions, w => w.AuctionId, a => a.Id, (w, a) => new { w.AddedAt, Auction = a });
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(r => r.AddedAt).Skip(paging.Skip).Take(paging.Size).Select(r => r.Auction).AsNoTracking().ToListAsync(ct);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(new Paged<AuctionSummary>([.. rows.Select(a => AuctionSummary.From(a, now))], paging.PageNumber, paging.Size, total));
    }

    /// <summary>Idempotent: watching twice is the same as once.</summary>
    internal static async Task<Results<NoContent, NotFound>> WatchAsync(
        Guid auctionId, ClaimsPrincipal user, GavelDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var userId = user.GetUserId();
        var added = await db.WriteAsync(async token =>
        {
            if (!await db.Auctions.VisibleTo(userId).AnyAsync(a => a.Id == auctionId, token))
            {
                return false;
            }

            if (!await db.Watchlist.AnyAsync(w => w.UserId == userId && w.AuctionId == auctionId, token))
            {
                db.Watchlist.Add(new WatchlistEntry { UserId = userId, AuctionId = auctionId, AddedAt = clock.GetUtcNow() });
            }

            return true;
        }, ct);
        return added ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    internal static async Task<NoContent> UnwatchAsync(Guid auctionId, ClaimsPrincipal user, GavelDbContext db, CancellationToken ct)
    {
        var userId = user.GetUserId();
        await db.WriteAsync(token => db.Watchlist.Where(w => w.UserId == userId && w.AuctionId == auctionId).ExecuteDeleteAsync(token), ct);
        return TypedResults.NoContent();
    }
}

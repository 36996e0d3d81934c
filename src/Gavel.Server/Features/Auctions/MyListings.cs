using System.Security.Claims;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Features.Auctions;

internal static class MyListings
{
    /// <summary>The caller's own auctions in every status, drafts included, newest first.</summary>
    public static async Task<Ok<Paged<AuctionSummary>>> HandleAsync(
        [AsParameters] PageRequest paging, ClaimsPrincipal user, GavelDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var sellerId = user.GetUserId();
        var query = db.Auctions.AsNoTracking().Where(a => a.SellerId == sellerId);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(a => a.CreatedAt).Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(new Paged<AuctionSummary>([.. items.Select(a => AuctionSummary.From(a, now))], paging.PageNumber, paging.Size, total));
    }
}

using Gavel.Core.Auctions;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Features.Bidding;

/// <summary>
/// One line of the public history. <see cref="Price"/> is the visible price the bid produced, never a
/// bidder's hidden maximum; bidders appear only by their per-auction alias.
/// </summary>
internal sealed record BidHistoryLine(long Sequence, string Bidder, decimal Price, bool Leading, DateTimeOffset At);

internal static class BidHistory
{
    public static async Task<Results<Ok<Paged<BidHistoryLine>>, NotFound>> HandleAsync(
        Guid id, [AsParameters] PageRequest paging, GavelDbContext db, CancellationToken ct)
    {
        var visible = await db.Auctions.Public().AnyAsync(a => a.Id == id, ct);
        if (!visible)
        {
            return TypedResults.NotFound();
        }

        var query = db.Bids.AsNoTracking().Where(b => b.AuctionId == id);
        var total = await query.CountAsync(ct);
        var lines = await query.OrderByDescending(b => b.Sequence).Skip(paging.Skip).Take(paging.Size)
            .Select(b => new BidHistoryLine(b.Sequence, b.BidderAlias, b.PriceAfter, b.LeadingAfter, b.ReceivedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new Paged<BidHistoryLine>(lines, paging.PageNumber, paging.Size, total));
    }
}

using System.Security.Claims;
using Gavel.Core.Auctions;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Gavel.Server.Features.Auctions;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Features.Bidding;

/// <summary>An auction the caller bid on, with where they stand: leading, outbid, won or lost.</summary>
internal sealed record MyBidLine(Guid AuctionId, string Title, string Status, string Standing, decimal CurrentPrice, decimal YourMaxBid, DateTimeOffset EndsAt);

internal static class MyBids
{
    public static async Task<Ok<Paged<MyBidLine>>> HandleAsync(
        [AsParameters] PageRequest paging, ClaimsPrincipal user, GavelDbContext db, CancellationToken ct)
    {
        var userId = user.GetUserId();
        var mine = db.Bids.Where(b => b.BidderId == userId)
            .GroupBy(b => b.AuctionId)
            .Select(g => new { AuctionId = g.Key, MaxBid = g.Max(b => b.MaxAmount) });
        var query = db.Auctions.AsNoTracking().Join(mine, a => a.Id, m => m.AuctionId, (a, m) => new { Auction = a, m.MaxBid });
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(r => r.Auction.Status == AuctionStatus.Live ? 0 : 1).ThenByDescending(r => r.Auction.EndsAt)
            .Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        var lines = rows.Select(r => new MyBidLine(
            r.Auction.Id,
            r.Auction.Title,
            AuctionDetails.ToCamel(r.Auction.Status.ToString()),
            Standing(r.Auction, userId),
            r.Auction.CurrentPrice ?? r.Auction.StartingPrice,
            r.MaxBid,
            r.Auction.EndsAt)).ToList();
        return TypedResults.Ok(new Paged<MyBidLine>(lines, paging.PageNumber, paging.Size, total));
    }

    private static string Standing(Auction a, Guid userId) => a.Status switch
    {
        AuctionStatus.Ended or AuctionStatus.Settled => a.WinnerId == userId ? "won" : "lost",
        AuctionStatus.Cancelled => "cancelled",
        _ => a.LeaderId == userId ? "leading" : "outbid",
    };
}

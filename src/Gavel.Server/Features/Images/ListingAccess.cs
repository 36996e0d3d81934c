using System.Security.Claims;
using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Features.Images;

/// <summary>Who may see and change a listing's photos.</summary>
internal enum Access
{
    /// <summary>Unknown auction, or someone else's draft: to them it does not exist (404).</summary>
    Missing,

    /// <summary>A published listing that is not theirs (403 for changes; photos are public to read).</summary>
    Visitor,

    Seller,
}

internal static class ListingAccess
{
    public static async Task<(Access Access, AuctionStatus Status)> CheckAsync(GavelDbContext db, Guid auctionId, ClaimsPrincipal user, CancellationToken ct)
    {
        var userId = user.Identity?.IsAuthenticated == true ? user.GetUserId() : (Guid?)null;
        var auction = await db.Auctions.AsNoTracking().Where(a => a.Id == auctionId)
            .Select(a => new { a.SellerId, a.Status, a.CancelledWhileDraft }).FirstOrDefaultAsync(ct);
        if (auction is null)
        {
            return (Access.Missing, default);
        }

        if (auction.SellerId == userId)
        {
            return (Access.Seller, auction.Status);
        }

        return (Auction.IsPrivateState(auction.Status, auction.CancelledWhileDraft) && !user.IsAdmin() ? Access.Missing : Access.Visitor, auction.Status);
    }

    /// <summary>A sold, ended or cancelled listing keeps the photos buyers saw.</summary>
    public static bool PhotosCanChange(AuctionStatus status) =>
        status is AuctionStatus.Draft or AuctionStatus.Scheduled or AuctionStatus.Live;
}

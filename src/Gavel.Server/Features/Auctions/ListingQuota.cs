using Gavel.Core.Auctions;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Features.Auctions;

/// <summary>
/// Caps the listings a seller holds open (draft, scheduled or live), so one account cannot fill the database and,
/// through each listing's photos, the disk. Ended, settled and cancelled listings do not count.
/// </summary>
internal static class ListingQuota
{
    public const string TooManyListings = "too_many_listings";

    /// <summary>
    /// Inside the create's write transaction. The seller's wallet row is the per-user lock (as bids use it), so two
    /// creates at once on PostgreSQL cannot both pass the count; SQLite has one writer anyway.
    /// </summary>
    public static async Task CheckAsync(GavelDbContext db, Guid sellerId, int limit, CancellationToken ct)
    {
        await db.LockWalletAsync(sellerId, ct);
        var open = await db.Auctions.CountAsync(
            a => a.SellerId == sellerId && (a.Status == AuctionStatus.Draft || a.Status == AuctionStatus.Scheduled || a.Status == AuctionStatus.Live), ct);
        if (open >= limit)
        {
            throw new GavelRuleException(
                TooManyListings,
                $"A seller may hold at most {limit} open listings (drafts, scheduled and live); you have {open}. Cancel a draft or wait for a listing to end.")
            {
                Extensions = new Dictionary<string, object?> { ["limit"] = limit, ["open"] = open },
            };
        }
    }
}

using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Core.Notifications;
using Gavel.Core.Wallet;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Core.Bidding;

/// <summary>Placing a bid: the auction rules and the money they move, in one serialised transaction.</summary>
public static class BidPlacement
{
    public static async Task<BidEffects?> PlaceAsync(
        GavelDbContext db, Guid auctionId, Guid bidderId, decimal maxAmount, string currency, TimeProvider clock, CancellationToken ct)
    {
        // A bidder's alias never changes once given, so it is read before the auction is locked, not while other
        // bidders wait; only a first bid (no alias yet) looks again under the lock, where a concurrent first bid of
        // the same bidder would show.
        var knownAlias = await AliasAsync(db, auctionId, bidderId, ct);
        return await db.WriteAsync<BidEffects?>(async token =>
        {
            var auction = await db.LockAuctionAsync(auctionId, token);

            // A draft is the seller's private work: to a bidder it does not exist, as on every other endpoint (404),
            // rather than a 409 that confirms the id and says it is a draft.
            if (auction is null || (auction.Status == AuctionStatus.Draft && auction.SellerId != bidderId))
            {
                return null;
            }

            // The receipt time is read after the lock: the bid is judged at the moment it is serialised.
            var receivedAt = clock.GetUtcNow();
            var alias = knownAlias ?? await AliasAsync(db, auctionId, bidderId, token);
            var effects = auction.PlaceBid(bidderId, alias ?? $"Bidder {auction.BidderCount + 1}", alias is null, maxAmount, receivedAt);

            // Notifications first: their preference query then runs before the wallets are locked, not while they are.
            await AuctionNotifications.BidPlacedAsync(db, auction, effects, currency, receivedAt, token);
            var wallets = await db.LockWalletsAsync(new[] { bidderId, effects.PreviousLeaderId ?? bidderId }, token);
            var bidder = wallets[bidderId];
            if (!effects.Bid.LeadingAfter)
            {
                // A bid that does not lead holds nothing, but a bidder must be able to pay what they offer.
                bidder.RequireAvailable(maxAmount);
            }
            else if (effects.PreviousLeaderId == bidderId)
            {
                Ledger.Hold(db, bidder, maxAmount - effects.PreviousLeaderMax!.Value, receivedAt, auctionId);
            }
            else
            {
                Ledger.Hold(db, bidder, maxAmount, receivedAt, auctionId);
                if (effects.PreviousLeaderId is { } outbid)
                {
                    Ledger.Release(db, wallets[outbid], effects.PreviousLeaderMax!.Value, receivedAt, auctionId, "Outbid: hold released");
                }
            }

            db.Bids.Add(effects.Bid);
            return effects;
        }, ct);
    }

    private static Task<string?> AliasAsync(GavelDbContext db, Guid auctionId, Guid bidderId, CancellationToken ct) =>
        db.Bids.Where(b => b.AuctionId == auctionId && b.BidderId == bidderId).Select(b => b.BidderAlias).FirstOrDefaultAsync(ct);
}

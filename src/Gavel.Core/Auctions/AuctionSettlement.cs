using Gavel.Core.Data;
using Gavel.Core.Notifications;
using Gavel.Core.Wallet;

namespace Gavel.Core.Auctions;

/// <summary>
/// Closing and settling, as two idempotent steps that each guard on status: ending an auction and settling
/// it are separate transactions, so a crash between them leaves an ended auction that the next pass settles
/// exactly once.
/// </summary>
public static class AuctionSettlement
{
    /// <summary>Ends the auction if its time has come. Returns whether this call ended it.</summary>
    public static Task<bool> CloseAsync(GavelDbContext db, Guid auctionId, TimeProvider clock, CancellationToken ct) =>
        db.WriteAsync(async token =>
        {
            var auction = await db.LockAuctionAsync(auctionId, token);
            return auction is not null && auction.Close(clock.GetUtcNow());
        }, ct);

    /// <summary>Settles an ended auction: capture from the winner's hold and pay the seller, or release every hold.</summary>
    public static Task<bool> SettleAsync(GavelDbContext db, Guid auctionId, AuctionOptions options, TimeProvider clock, CancellationToken ct) =>
        db.WriteAsync(async token =>
        {
            var auction = await db.LockAuctionAsync(auctionId, token);
            if (auction is not { Status: AuctionStatus.Ended })
            {
                return false;
            }

            var now = clock.GetUtcNow();
            Settle(db, auction, options, now, await db.LockWalletsAsync(Parties(auction), token));
            auction.MarkSettled(now);
            await AuctionNotifications.SettledAsync(db, auction, now, token);
            return true;
        }, ct);

    internal static IEnumerable<Guid> Parties(Auction auction) =>
        auction.LeaderId is { } leader ? [leader, auction.SellerId] : [auction.SellerId];

    private static void Settle(GavelDbContext db, Auction auction, AuctionOptions options, DateTimeOffset now, Dictionary<Guid, UserWallet> wallets)
    {
        if (auction.LeaderId is not { } leader || auction.LeaderMaxAmount is not { } held)
        {
            // Unsold with no bids, or bought now (captured at once): nothing is held.
            return;
        }

        if (auction.WinnerId == leader && auction.FinalPrice is { } price)
        {
            Ledger.CaptureFromHold(db, wallets[leader], wallets[auction.SellerId], held, price, options.FeeFor(price), now, auction.Id);
        }
        else
        {
            Ledger.Release(db, wallets[leader], held, now, auction.Id, "Auction ended without a sale: hold released");
        }
    }
}

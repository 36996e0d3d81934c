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
    public static async Task<bool> CloseAsync(GavelDbContext db, Guid auctionId, TimeProvider clock, CancellationToken ct) =>
        (await CloseDueAsync(db, [auctionId], clock, ct)).Count == 1;

    /// <summary>
    /// Ends every auction in <paramref name="auctionIds"/> whose time has come, in one transaction that jumps SQLite's
    /// writer queue: closing is what the end time is measured by, so it must not wait behind a crowd of bids.
    /// Ending touches no money, so one batch cannot fail on one auction's funds. Returns the ids this call ended.
    /// </summary>
    public static Task<List<Guid>> CloseDueAsync(GavelDbContext db, IReadOnlyCollection<Guid> auctionIds, TimeProvider clock, CancellationToken ct) =>
        db.WriteAsync(WritePriority.Urgent, async token =>
        {
            var auctions = await db.LockAuctionsAsync(auctionIds, token);
            var now = clock.GetUtcNow();
            return auctions.Where(a => a.Close(now)).Select(a => a.Id).ToList();
        }, ct);

    /// <summary>Settles an ended auction: capture from the winner's hold and pay the seller, or release every hold.</summary>
    public static async Task<bool> SettleAsync(GavelDbContext db, Guid auctionId, AuctionOptions options, TimeProvider clock, CancellationToken ct) =>
        (await SettleManyAsync(db, [auctionId], options, clock, ct)).Count == 1;

    /// <summary>
    /// Settles the ended auctions among <paramref name="auctionIds"/> in one transaction: auctions are locked before
    /// wallets, each set in id order, as every other writer does, so batches and bids cannot deadlock. It jumps SQLite's
    /// writer queue too: a pass of the closer is one worker alternating with the bids, and the next auction's end waits
    /// for this pass. Returns the ids this call settled.
    /// </summary>
    public static Task<List<Guid>> SettleManyAsync(
        GavelDbContext db, IReadOnlyCollection<Guid> auctionIds, AuctionOptions options, TimeProvider clock, CancellationToken ct) =>
        db.WriteAsync(WritePriority.Urgent, async token =>
        {
            var auctions = (await db.LockAuctionsAsync(auctionIds, token)).Where(a => a.Status == AuctionStatus.Ended).ToList();
            if (auctions.Count == 0)
            {
                return [];
            }

            var now = clock.GetUtcNow();
            var wallets = await db.LockWalletsAsync(auctions.SelectMany(Parties), token);
            foreach (var auction in auctions)
            {
                Settle(db, auction, options, now, wallets);
                auction.MarkSettled(now);
                await AuctionNotifications.SettledAsync(db, auction, options.Currency, now, token);
            }

            return auctions.Select(a => a.Id).ToList();
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

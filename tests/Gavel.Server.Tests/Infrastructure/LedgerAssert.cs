using Gavel.Core.Auctions;
using Gavel.Core.Wallet;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Tests.Infrastructure;

/// <summary>The money invariants every test that moves money ends with.</summary>
public static class LedgerAssert
{
    /// <summary>
    /// Every transaction sums to zero; every wallet equals the sums of its ledger accounts; no balance is
    /// negative; and each user's held funds are exactly the maxima of the auctions they lead that are not settled.
    /// </summary>
    public static Task BalancedAsync(GavelApp app) => app.WithDbAsync(async db =>
    {
        var entries = await db.LedgerEntries.AsNoTracking().ToListAsync();
        foreach (var transaction in entries.GroupBy(e => e.TransactionId))
        {
            Assert.True(transaction.Sum(e => e.Amount) == 0m, $"Ledger transaction {transaction.Key} does not balance.");
        }

        Assert.Equal(0m, entries.Sum(e => e.Amount));
        var open = await db.Auctions.AsNoTracking()
            .Where(a => a.Status == AuctionStatus.Live || a.Status == AuctionStatus.Scheduled || a.Status == AuctionStatus.Ended)
            .Where(a => a.LeaderId != null && a.LeaderMaxAmount != null)
            .Select(a => new { a.LeaderId, a.LeaderMaxAmount })
            .ToListAsync();
        foreach (var wallet in await db.Wallets.AsNoTracking().ToListAsync())
        {
            decimal Sum(LedgerAccount account) => entries.Where(e => e.UserId == wallet.UserId && e.Account == account).Sum(e => e.Amount);
            Assert.Equal(Sum(LedgerAccount.UserAvailable), wallet.Available);
            Assert.Equal(Sum(LedgerAccount.UserHeld), wallet.Held);
            Assert.Equal(Sum(LedgerAccount.UserWithdrawing), wallet.Withdrawing);
            Assert.True(wallet.Available >= 0 && wallet.Held >= 0 && wallet.Withdrawing >= 0, $"Wallet {wallet.UserId} has a negative balance.");
            Assert.Equal(open.Where(a => a.LeaderId == wallet.UserId).Sum(a => a.LeaderMaxAmount!.Value), wallet.Held);
        }

        return true;
    });

    public static Task<int> CountAsync(GavelApp app) => app.WithDbAsync(db => db.LedgerTransactions.CountAsync());
}

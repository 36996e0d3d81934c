using Gavel.Core.Data;

namespace Gavel.Core.Wallet;

/// <summary>
/// Writes balanced ledger transactions and moves the tracked wallets by the same amounts. Callers hold the
/// wallets locked (<see cref="GavelDbContext.LockWalletsAsync"/>) inside their write transaction.
/// </summary>
public static class Ledger
{
    public static void Deposit(GavelDbContext db, UserWallet wallet, decimal amount, DateTimeOffset at, string reference) =>
        Post(db, LedgerKind.Deposit, at, null, reference, "Deposit", wallet,
            (LedgerAccount.ProviderClearing, null, -amount),
            (LedgerAccount.UserAvailable, wallet.UserId, amount));

    public static void Hold(GavelDbContext db, UserWallet wallet, decimal amount, DateTimeOffset at, Guid auctionId)
    {
        wallet.RequireAvailable(amount);
        Post(db, LedgerKind.Hold, at, auctionId, null, "Held for your leading bid", wallet,
            (LedgerAccount.UserAvailable, wallet.UserId, -amount),
            (LedgerAccount.UserHeld, wallet.UserId, amount));
    }

    public static void Release(GavelDbContext db, UserWallet wallet, decimal amount, DateTimeOffset at, Guid auctionId, string why) =>
        Post(db, LedgerKind.Release, at, auctionId, null, why, wallet,
            (LedgerAccount.UserHeld, wallet.UserId, -amount),
            (LedgerAccount.UserAvailable, wallet.UserId, amount));

    /// <summary>Takes the price from the buyer's hold, returns the rest of the hold, pays the seller less the fee.</summary>
    public static void CaptureFromHold(
        GavelDbContext db, UserWallet buyer, UserWallet seller, decimal held, decimal price, decimal fee, DateTimeOffset at, Guid auctionId) =>
        Post(db, LedgerKind.Capture, at, auctionId, null, "Auction won: payment captured", [buyer, seller],
            (LedgerAccount.UserHeld, buyer.UserId, -held),
            (LedgerAccount.UserAvailable, buyer.UserId, held - price),
            (LedgerAccount.UserAvailable, seller.UserId, price - fee),
            (LedgerAccount.PlatformFees, null, fee));

    public static void CaptureFromAvailable(
        GavelDbContext db, UserWallet buyer, UserWallet seller, decimal price, decimal fee, DateTimeOffset at, Guid auctionId)
    {
        buyer.RequireAvailable(price);
        Post(db, LedgerKind.Capture, at, auctionId, null, "Bought now: payment captured", [buyer, seller],
            (LedgerAccount.UserAvailable, buyer.UserId, -price),
            (LedgerAccount.UserAvailable, seller.UserId, price - fee),
            (LedgerAccount.PlatformFees, null, fee));
    }

    public static void RequestWithdrawal(GavelDbContext db, UserWallet wallet, decimal amount, DateTimeOffset at, Guid withdrawalId)
    {
        wallet.RequireAvailable(amount);
        Post(db, LedgerKind.WithdrawalRequested, at, null, withdrawalId.ToString(), "Withdrawal requested", wallet,
            (LedgerAccount.UserAvailable, wallet.UserId, -amount),
            (LedgerAccount.UserWithdrawing, wallet.UserId, amount));
    }

    public static void CompleteWithdrawal(GavelDbContext db, UserWallet wallet, decimal amount, DateTimeOffset at, Guid withdrawalId) =>
        Post(db, LedgerKind.WithdrawalCompleted, at, null, withdrawalId.ToString(), "Withdrawal paid out", wallet,
            (LedgerAccount.UserWithdrawing, wallet.UserId, -amount),
            (LedgerAccount.ProviderClearing, null, amount));

    public static void FailWithdrawal(GavelDbContext db, UserWallet wallet, decimal amount, DateTimeOffset at, Guid withdrawalId) =>
        Post(db, LedgerKind.WithdrawalFailed, at, null, withdrawalId.ToString(), "Withdrawal failed: funds returned", wallet,
            (LedgerAccount.UserWithdrawing, wallet.UserId, -amount),
            (LedgerAccount.UserAvailable, wallet.UserId, amount));

    private static void Post(
        GavelDbContext db, LedgerKind kind, DateTimeOffset at, Guid? auctionId, string? reference, string description,
        UserWallet wallet, params (LedgerAccount Account, Guid? UserId, decimal Amount)[] lines) =>
        Post(db, kind, at, auctionId, reference, description, [wallet], lines);

    private static void Post(
        GavelDbContext db, LedgerKind kind, DateTimeOffset at, Guid? auctionId, string? reference, string description,
        UserWallet[] wallets, params (LedgerAccount Account, Guid? UserId, decimal Amount)[] lines)
    {
        if (lines.Sum(l => l.Amount) != 0m)
        {
            throw new InvalidOperationException($"Unbalanced {kind} transaction.");
        }

        var transaction = new LedgerTransaction { Kind = kind, At = at, AuctionId = auctionId, Reference = reference, Description = description };
        foreach (var (account, userId, amount) in lines)
        {
            if (amount == 0m)
            {
                continue;
            }

            transaction.Entries.Add(new LedgerEntry { Account = account, UserId = userId, Amount = amount });
            var wallet = userId is null ? null : wallets.First(w => w.UserId == userId);
            switch (account)
            {
                case LedgerAccount.UserAvailable:
                    wallet!.Available += amount;
                    break;
                case LedgerAccount.UserHeld:
                    wallet!.Held += amount;
                    break;
                case LedgerAccount.UserWithdrawing:
                    wallet!.Withdrawing += amount;
                    break;
            }
        }

        if (wallets.Any(w => w.Available < 0 || w.Held < 0 || w.Withdrawing < 0))
        {
            throw new InvalidOperationException($"A {kind} transaction would make a balance negative.");
        }

        db.LedgerTransactions.Add(transaction);
    }
}

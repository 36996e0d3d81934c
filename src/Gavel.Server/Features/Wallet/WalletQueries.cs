using System.Security.Claims;
using Gavel.Core.Auctions;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Gavel.Core.Wallet;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Wallet;

/// <summary>balance = available + held; withdrawing is on its way out and no longer part of the balance.</summary>
internal sealed record WalletView(string Currency, decimal Balance, decimal Held, decimal Available, decimal Withdrawing)
{
    public static WalletView From(UserWallet? wallet, string currency) =>
        new(currency, wallet?.Balance ?? 0m, wallet?.Held ?? 0m, wallet?.Available ?? 0m, wallet?.Withdrawing ?? 0m);
}

/// <summary>One ledger line of the user's: which of their accounts moved, by how much, and why.</summary>
internal sealed record LedgerLine(long Id, long TransactionId, DateTimeOffset At, string Kind, string Account, decimal Amount, Guid? AuctionId, string Description);

internal static class WalletQueries
{
    public static async Task<Ok<WalletView>> GetWalletAsync(ClaimsPrincipal user, GavelDbContext db, IOptions<AuctionOptions> options, CancellationToken ct)
    {
        var userId = user.GetUserId();
        var wallet = await db.Wallets.AsNoTracking().FirstOrDefaultAsync(w => w.UserId == userId, ct);
        return TypedResults.Ok(WalletView.From(wallet, options.Value.Currency));
    }

    public static async Task<Ok<Paged<LedgerLine>>> GetTransactionsAsync(
        [AsParameters] PageRequest paging, ClaimsPrincipal user, GavelDbContext db, CancellationToken ct)
    {
        var userId = user.GetUserId();
        var query = db.LedgerEntries.AsNoTracking().Where(e => e.UserId == userId);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(e => e.Id).Skip(paging.Skip).Take(paging.Size)
            .Select(e => new { e.Id, e.TransactionId, e.Transaction!.At, e.Transaction.Kind, e.Account, e.Amount, e.Transaction.AuctionId, e.Transaction.Description })
            .ToListAsync(ct);
        var lines = rows.Select(r => new LedgerLine(
            r.Id, r.TransactionId, r.At, Camel(r.Kind.ToString()), AccountName(r.Account), r.Amount, r.AuctionId, r.Description)).ToList();
        return TypedResults.Ok(new Paged<LedgerLine>(lines, paging.PageNumber, paging.Size, total));
    }

    private static string AccountName(LedgerAccount account) => account switch
    {
        LedgerAccount.UserAvailable => "available",
        LedgerAccount.UserHeld => "held",
        LedgerAccount.UserWithdrawing => "withdrawing",
        _ => Camel(account.ToString()),
    };

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

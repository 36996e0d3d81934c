using System.ComponentModel.DataAnnotations;
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

public sealed record AmountRequest
{
    [Required]
    [Money]
    public decimal? Amount { get; init; }
}

internal sealed record PaymentReceipt(Guid Id, string Status, decimal Amount, DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt, string? FailureReason, WalletView Wallet);

internal static class MoveFunds
{
    public static async Task<Created<PaymentReceipt>> DepositAsync(
        AmountRequest request, ClaimsPrincipal user, WalletOperations wallet, GavelDbContext db, IOptions<AuctionOptions> options, CancellationToken ct)
    {
        var userId = user.GetUserId();
        var deposit = await wallet.DepositAsync(userId, request.Amount!.Value, ct);
        return TypedResults.Created($"/api/wallet/deposits/{deposit.Id}", await ReceiptAsync(db, deposit, options.Value, ct));
    }

    /// <summary>Moves available funds out; 409 insufficient_funds when less is available. A failed payout returns the funds.</summary>
    public static async Task<Created<PaymentReceipt>> WithdrawAsync(
        AmountRequest request, ClaimsPrincipal user, WalletOperations wallet, GavelDbContext db, IOptions<AuctionOptions> options, CancellationToken ct)
    {
        var userId = user.GetUserId();
        var withdrawal = await wallet.WithdrawAsync(userId, request.Amount!.Value, ct);
        return TypedResults.Created($"/api/wallet/withdrawals/{withdrawal.Id}", await ReceiptAsync(db, withdrawal, options.Value, ct));
    }

    public static async Task<PaymentReceipt> ReceiptAsync(GavelDbContext db, Deposit deposit, AuctionOptions options, CancellationToken ct) =>
        new(deposit.Id, Camel(deposit.Status), deposit.Amount, deposit.RequestedAt, deposit.CompletedAt, null, await LoadAsync(db, deposit.UserId, options, ct));

    public static async Task<PaymentReceipt> ReceiptAsync(GavelDbContext db, Withdrawal withdrawal, AuctionOptions options, CancellationToken ct) =>
        new(withdrawal.Id, Camel(withdrawal.Status), withdrawal.Amount, withdrawal.RequestedAt, withdrawal.CompletedAt, withdrawal.FailureReason,
            await LoadAsync(db, withdrawal.UserId, options, ct));

    private static async Task<WalletView> LoadAsync(GavelDbContext db, Guid userId, AuctionOptions options, CancellationToken ct) =>
        WalletView.From(await db.Wallets.AsNoTracking().FirstOrDefaultAsync(w => w.UserId == userId, ct), options.Currency);

    private static string Camel(PaymentStatus status) => status.ToString().ToLowerInvariant();
}

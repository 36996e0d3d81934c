using Gavel.Core.Auctions;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Gavel.Core.Notifications;
using Gavel.Core.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gavel.Core.Wallet;

/// <summary>
/// Deposits and withdrawals. Each is recorded before the provider is asked, and each outcome is applied in
/// its own transaction guarded on the payment's status, so a provider callback that comes twice (or after a
/// crash) moves money once. A provider call that throws leaves the payment pending (the request answers pending, as for a
/// provider that settles by webhook) for <c>PaymentReconciler</c> to ask about again with the same id.
/// </summary>
public sealed partial class WalletOperations(
    GavelDbContext db, IPaymentProvider provider, TimeProvider clock, IOptions<AuctionOptions> auctions, ILogger<WalletOperations> logger)
{
    public async Task<Deposit> DepositAsync(Guid userId, decimal amount, CancellationToken ct)
    {
        var deposit = new Deposit { UserId = userId, Amount = amount, RequestedAt = clock.GetUtcNow() };
        await db.WriteAsync(_ =>
        {
            db.Deposits.Add(deposit);
            return Task.FromResult(true);
        }, ct);

        if (await AskAsync("deposit", deposit.Id, token => provider.CollectDepositAsync(deposit.Id, userId, amount, token), ct) is { } result)
        {
            await ApplyDepositResultAsync(deposit.Id, result, ct);
        }

        return await db.Deposits.AsNoTracking().SingleAsync(d => d.Id == deposit.Id, ct);
    }

    public Task<bool> ApplyDepositResultAsync(Guid depositId, ProviderResult result, CancellationToken ct) =>
        db.WriteAsync(async token =>
        {
            if (result.Status == ProviderStatus.Pending)
            {
                return false;
            }

            // The guard in the WHERE makes a repeated callback a no-op, even when two race.
            var now = clock.GetUtcNow();
            var status = result.Status == ProviderStatus.Settled ? PaymentStatus.Completed : PaymentStatus.Failed;
            var changed = await db.Deposits.Where(d => d.Id == depositId && d.Status == PaymentStatus.Pending).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, status)
                .SetProperty(d => d.ProviderReference, result.Reference)
                .SetProperty(d => d.CompletedAt, now), token);
            if (changed == 0)
            {
                return false;
            }

            if (status == PaymentStatus.Completed)
            {
                var deposit = await db.Deposits.AsNoTracking().SingleAsync(d => d.Id == depositId, token);
                Ledger.Deposit(db, await db.LockWalletAsync(deposit.UserId, token), deposit.Amount, now, result.Reference);
                await NotificationOutbox.AddAsync(
                    db,
                    [new(deposit.UserId, NotificationKind.DepositSettled, null, "Your deposit has arrived",
                        $"{Money.Format(deposit.Amount, auctions.Value.Currency)} is now available in your wallet.", new { depositId, amount = deposit.Amount })],
                    now,
                    token);
            }

            return true;
        }, ct);

    public async Task<Withdrawal> WithdrawAsync(Guid userId, decimal amount, CancellationToken ct)
    {
        var withdrawal = await db.WriteAsync(async token =>
        {
            var now = clock.GetUtcNow();
            var created = new Withdrawal { UserId = userId, Amount = amount, RequestedAt = now };
            Ledger.RequestWithdrawal(db, await db.LockWalletAsync(userId, token), amount, now, created.Id);
            db.Withdrawals.Add(created);
            return created;
        }, ct);

        if (await AskAsync("withdrawal", withdrawal.Id, token => provider.PayOutAsync(withdrawal.Id, userId, amount, token), ct) is { } result)
        {
            await ApplyWithdrawalResultAsync(withdrawal.Id, result, ct);
        }

        return await db.Withdrawals.AsNoTracking().SingleAsync(w => w.Id == withdrawal.Id, ct);
    }

    public Task<bool> ApplyWithdrawalResultAsync(Guid withdrawalId, ProviderResult result, CancellationToken ct) =>
        db.WriteAsync(async token =>
        {
            if (result.Status == ProviderStatus.Pending)
            {
                return false;
            }

            var now = clock.GetUtcNow();
            var status = result.Status == ProviderStatus.Settled ? PaymentStatus.Completed : PaymentStatus.Failed;
            var reason = result.FailureReason?[..Math.Min(result.FailureReason.Length, 200)];
            var changed = await db.Withdrawals.Where(w => w.Id == withdrawalId && w.Status == PaymentStatus.Pending).ExecuteUpdateAsync(s => s
                .SetProperty(w => w.Status, status)
                .SetProperty(w => w.ProviderReference, result.Reference)
                .SetProperty(w => w.FailureReason, reason)
                .SetProperty(w => w.CompletedAt, now), token);
            if (changed == 0)
            {
                return false;
            }

            var withdrawal = await db.Withdrawals.AsNoTracking().SingleAsync(w => w.Id == withdrawalId, token);
            var wallet = await db.LockWalletAsync(withdrawal.UserId, token);
            var data = new { withdrawalId, amount = withdrawal.Amount };
            if (status == PaymentStatus.Completed)
            {
                Ledger.CompleteWithdrawal(db, wallet, withdrawal.Amount, now, withdrawal.Id);
                await NotificationOutbox.AddAsync(
                    db,
                    [new(withdrawal.UserId, NotificationKind.WithdrawalCompleted, null, "Your withdrawal is on its way",
                        $"{Money.Format(withdrawal.Amount, auctions.Value.Currency)} has been paid out of your wallet.", data)],
                    now,
                    token);
            }
            else
            {
                Ledger.FailWithdrawal(db, wallet, withdrawal.Amount, now, withdrawal.Id);
                await NotificationOutbox.AddAsync(
                    db,
                    [new(withdrawal.UserId, NotificationKind.WithdrawalFailed, null, "Your withdrawal failed",
                        $"The payout of {Money.Format(withdrawal.Amount, auctions.Value.Currency)} failed ({reason ?? "no reason given"}); the funds are back in your wallet.", data)],
                    now,
                    token);
            }

            return true;
        }, ct);

    /// <summary>
    /// Asks the provider about a recorded payment; null when the call threw. The payment is committed as pending by then
    /// (and the request's Idempotency-Key applied), so a 5xx would be a lie: the payment stays pending and the
    /// reconciler asks again. A cancellation of <paramref name="ct"/> (shutdown, client gone) still propagates.
    /// </summary>
    private async Task<ProviderResult?> AskAsync(string kind, Guid paymentId, Func<CancellationToken, Task<ProviderResult>> ask, CancellationToken ct)
    {
        try
        {
            return await ask(ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            LogProviderFailed(ex, kind, paymentId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The payment provider failed on {Kind} {PaymentId}; it stays pending until the reconciler asks again")]
    private partial void LogProviderFailed(Exception exception, string kind, Guid paymentId);
}

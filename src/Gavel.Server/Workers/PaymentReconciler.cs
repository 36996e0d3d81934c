using System.ComponentModel.DataAnnotations;
using Gavel.Core.Data;
using Gavel.Core.Payments;
using Gavel.Core.Wallet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Workers;

public sealed class PaymentReconcilerOptions
{
    public const string Section = "Payments";

    /// <summary>
    /// A deposit or withdrawal pending this long is asked about again: its provider call threw, its process died before
    /// asking, or its webhook never came. Keep it longer than a provider call can take.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the reconciler looks for such payments.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>What one reconciler pass did.</summary>
internal sealed record ReconcileOutcome(int Asked, int Applied, int ProviderFailures);

/// <summary>
/// Asks the provider again about deposits and withdrawals pending longer than <see cref="PaymentReconcilerOptions.ReconcileAfter"/>,
/// with the same payment id, which is the provider's idempotency key (<see cref="IPaymentProvider"/>), and applies the answer
/// through <see cref="WalletOperations"/>, guarded on the payment still being pending: a webhook or another node applying the
/// same payment at the same moment moves the money once. At most <see cref="Batch"/> of each kind per pass; the next pass goes
/// on after the last one asked, so payments the provider keeps answering pending do not hide the ones behind them.
/// </summary>
internal sealed partial class PaymentReconciler(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<PaymentReconcilerOptions> options, ILogger<PaymentReconciler> logger)
{
    public const int Batch = 50;

    private readonly Lock gate = new();
    private DateTimeOffset? depositCursor;
    private DateTimeOffset? withdrawalCursor;

    /// <summary>One pass. A database error propagates (the caller retries later); a provider error leaves that payment pending.</summary>
    public async Task<ReconcileOutcome> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GavelDbContext>();
        var provider = scope.ServiceProvider.GetRequiredService<IPaymentProvider>();
        var wallet = scope.ServiceProvider.GetRequiredService<WalletOperations>();
        var cutoff = clock.GetUtcNow() - options.Value.ReconcileAfter;
        DateTimeOffset? afterDeposit, afterWithdrawal;
        lock (gate)
        {
            (afterDeposit, afterWithdrawal) = (depositCursor, withdrawalCursor);
        }

        var deposits = await db.Deposits.AsNoTracking()
            .Where(d => d.Status == PaymentStatus.Pending && d.RequestedAt < cutoff)
            .Where(d => afterDeposit == null || d.RequestedAt > afterDeposit)
            .OrderBy(d => d.RequestedAt).Take(Batch).ToListAsync(ct);
        var withdrawals = await db.Withdrawals.AsNoTracking()
            .Where(w => w.Status == PaymentStatus.Pending && w.RequestedAt < cutoff)
            .Where(w => afterWithdrawal == null || w.RequestedAt > afterWithdrawal)
            .OrderBy(w => w.RequestedAt).Take(Batch).ToListAsync(ct);

        var applied = 0;
        var failures = 0;
        Exception? lastFailure = null;
        foreach (var deposit in deposits)
        {
            var result = await AskAsync(() => provider.CollectDepositAsync(deposit.Id, deposit.UserId, deposit.Amount, ct));
            if (result is not null && await wallet.ApplyDepositResultAsync(deposit.Id, result, ct))
            {
                applied++;
            }
        }

        foreach (var withdrawal in withdrawals)
        {
            var result = await AskAsync(() => provider.PayOutAsync(withdrawal.Id, withdrawal.UserId, withdrawal.Amount, ct));
            if (result is not null && await wallet.ApplyWithdrawalResultAsync(withdrawal.Id, result, ct))
            {
                applied++;
            }
        }

        lock (gate)
        {
            depositCursor = deposits.Count < Batch ? null : deposits[^1].RequestedAt;
            withdrawalCursor = withdrawals.Count < Batch ? null : withdrawals[^1].RequestedAt;
        }

        if (failures > 0)
        {
            LogProviderFailures(lastFailure!, failures);
        }

        return new ReconcileOutcome(deposits.Count + withdrawals.Count, applied, failures);

        async Task<ProviderResult?> AskAsync(Func<Task<ProviderResult>> ask)
        {
            try
            {
                return await ask();
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // The provider away or slow says nothing of the payment: it stays pending and is asked again next pass.
                failures++;
                lastFailure = ex;
                return null;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment reconciliation: the provider failed on {Count} pending payments; they stay pending and are asked again next pass")]
    private partial void LogProviderFailures(Exception exception, int count);
}

internal sealed partial class PaymentReconcilerService(
    PaymentReconciler reconciler, TimeProvider clock, IOptions<PaymentReconcilerOptions> options, IOptions<WorkerOptions> workers,
    ILogger<PaymentReconcilerService> logger)
    : PeriodicWorker("The payment reconciler", clock, logger)
{
    protected override bool Enabled => workers.Value.PaymentReconcilerEnabled;

    protected override TimeSpan Interval => options.Value.ReconcileInterval;

    protected override async Task RunPassAsync(CancellationToken ct)
    {
        var outcome = await reconciler.RunOnceAsync(ct);
        if (outcome.Applied > 0)
        {
            LogReconciled(Logger, outcome.Applied, outcome.Asked);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment reconciliation settled {Applied} of {Asked} stale pending payments")]
    private static partial void LogReconciled(ILogger logger, int applied, int asked);
}

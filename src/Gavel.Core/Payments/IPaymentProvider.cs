namespace Gavel.Core.Payments;

/// <summary>What the provider said of a payment: done now, or pending until it calls back (a webhook).</summary>
public enum ProviderStatus
{
    Settled,
    Pending,
    Failed,
}

public sealed record ProviderResult(ProviderStatus Status, string Reference, string? FailureReason = null);

/// <summary>
/// The outside world that moves real money. The built-in simulated provider settles at once; a real one
/// answers Pending and later reports the outcome to POST /api/payments/webhook, which settles the same way.
/// </summary>
/// <remarks>
/// The payment id passed in is the provider's idempotency key (as Stripe's and Adyen's are): asking again with the same
/// id never collects or pays out a second time, it answers that payment's current state (Pending while the provider is
/// still working on it, else its outcome with the same reference). The reconciler relies on this to ask again about a
/// payment whose first call threw or was never made (docs/adr/0014-payment-reconciliation.md). A call may throw
/// (network error, timeout): that says nothing of the payment, which stays pending until asked again.
/// </remarks>
public interface IPaymentProvider
{
    Task<ProviderResult> CollectDepositAsync(Guid depositId, Guid userId, decimal amount, CancellationToken ct);

    Task<ProviderResult> PayOutAsync(Guid withdrawalId, Guid userId, decimal amount, CancellationToken ct);
}

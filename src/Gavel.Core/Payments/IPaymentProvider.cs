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
public interface IPaymentProvider
{
    Task<ProviderResult> CollectDepositAsync(Guid depositId, Guid userId, decimal amount, CancellationToken ct);

    Task<ProviderResult> PayOutAsync(Guid withdrawalId, Guid userId, decimal amount, CancellationToken ct);
}

using System.Collections.Concurrent;
using Gavel.Core.Payments;

namespace Gavel.Server.Tests.Payments;

/// <summary>
/// A payment provider we cannot reach from tests, faked: its first <c>throws</c> calls fail as a network error does; after
/// that it answers <see cref="Answer"/>, the same for every call about one payment id, as a real provider's idempotency key
/// makes it.
/// </summary>
internal sealed class UnreachablePaymentProvider(int throws, ProviderStatus answer = ProviderStatus.Settled) : IPaymentProvider
{
    private int throwsLeft = throws;

    public ProviderStatus Answer { get; set; } = answer;

    /// <summary>Payments the provider is still working on: it answers Pending for these (their webhook has not come).</summary>
    public ConcurrentDictionary<Guid, bool> StillPending { get; } = new();

    /// <summary>How many times each payment was asked about, failed calls included.</summary>
    public ConcurrentDictionary<Guid, int> Calls { get; } = new();

    public int CallsFor(Guid paymentId) => Calls.GetValueOrDefault(paymentId);

    public Task<ProviderResult> CollectDepositAsync(Guid depositId, Guid userId, decimal amount, CancellationToken ct) => AskAsync(depositId);

    public Task<ProviderResult> PayOutAsync(Guid withdrawalId, Guid userId, decimal amount, CancellationToken ct) => AskAsync(withdrawalId);

    private Task<ProviderResult> AskAsync(Guid paymentId)
    {
        Calls.AddOrUpdate(paymentId, 1, (_, n) => n + 1);
        if (Interlocked.Decrement(ref throwsLeft) >= 0)
        {
            throw new HttpRequestException("The payment provider did not answer (connection reset).");
        }

        if (StillPending.ContainsKey(paymentId))
        {
            return Task.FromResult(new ProviderResult(ProviderStatus.Pending, "bank-" + paymentId.ToString("N")));
        }

        return Task.FromResult(new ProviderResult(Answer, "bank-" + paymentId.ToString("N"), Answer == ProviderStatus.Failed ? "Account closed" : null));
    }
}

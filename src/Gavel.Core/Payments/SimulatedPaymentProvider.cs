using Microsoft.Extensions.Options;

namespace Gavel.Core.Payments;

public sealed class SimulatedPaymentOptions
{
    public const string Section = "Payments:Simulated";

    /// <summary>Payouts above this fail, so the failed-withdrawal path can be tried by hand and in tests.</summary>
    public decimal? FailPayoutsAbove { get; set; }

    /// <summary>
    /// Answer Pending and let the outcome arrive through POST /api/payments/webhook, as a real provider does.
    /// Off by default: the simulated provider settles at once.
    /// </summary>
    public bool SettleByWebhook { get; set; }
}

/// <summary>
/// Settles every deposit at once and pays out at once (or fails above a configured amount). It keeps no state: its
/// answer and reference follow from the payment id, amount and options alone, so asking again about a payment answers
/// what the first call did and moves nothing twice (<see cref="IPaymentProvider"/>). With SettleByWebhook it answers
/// Pending every time, since the outcome is whatever the webhook later reports; a reconciler that asks leaves it pending.
/// </summary>
public sealed class SimulatedPaymentProvider(IOptions<SimulatedPaymentOptions> options) : IPaymentProvider
{
    public Task<ProviderResult> CollectDepositAsync(Guid depositId, Guid userId, decimal amount, CancellationToken ct) =>
        Task.FromResult(new ProviderResult(
            options.Value.SettleByWebhook ? ProviderStatus.Pending : ProviderStatus.Settled, "sim-dep-" + depositId.ToString("N")));

    public Task<ProviderResult> PayOutAsync(Guid withdrawalId, Guid userId, decimal amount, CancellationToken ct) =>
        Task.FromResult(options.Value.SettleByWebhook
            ? new ProviderResult(ProviderStatus.Pending, "sim-pay-" + withdrawalId.ToString("N"))
            : options.Value.FailPayoutsAbove is { } limit && amount > limit
            ? new ProviderResult(ProviderStatus.Failed, "sim-pay-" + withdrawalId.ToString("N"), $"The simulated bank refuses payouts above {limit:0.00}.")
            : new ProviderResult(ProviderStatus.Settled, "sim-pay-" + withdrawalId.ToString("N")));
}

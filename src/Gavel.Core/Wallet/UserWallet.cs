using Gavel.Core.Common;

namespace Gavel.Core.Wallet;

/// <summary>
/// A user's balances, kept in the same transaction as the ledger entries that move them, so they always
/// equal the sums of the user's ledger accounts. Balance = available + held.
/// </summary>
public sealed class UserWallet
{
    public required Guid UserId { get; init; }

    public decimal Available { get; internal set; }

    public decimal Held { get; internal set; }

    /// <summary>Withdrawals on their way out: no longer available, not yet gone.</summary>
    public decimal Withdrawing { get; internal set; }

    public decimal Balance => Available + Held;

    internal void RequireAvailable(decimal amount)
    {
        if (Available < amount)
        {
            throw new GavelRuleException(
                "insufficient_funds",
                $"This needs {amount:0.00} available but only {Available:0.00} is; deposit funds or lower the amount.")
            {
                Extensions = new Dictionary<string, object?> { ["available"] = Available, ["required"] = amount },
            };
        }
    }
}

namespace Gavel.Core.Wallet;

/// <summary>The kinds of ledger account. User accounts carry the user's id; the platform's do not.</summary>
public enum LedgerAccount
{
    UserAvailable,
    UserHeld,
    UserWithdrawing,
    PlatformFees,
    ProviderClearing,
}

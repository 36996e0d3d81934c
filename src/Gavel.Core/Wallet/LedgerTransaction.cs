namespace Gavel.Core.Wallet;

public enum LedgerKind
{
    Deposit,
    Hold,
    Release,
    Capture,
    WithdrawalRequested,
    WithdrawalCompleted,
    WithdrawalFailed,
}

/// <summary>One money movement: a set of entries that sum to zero. Never updated, never deleted.</summary>
public sealed class LedgerTransaction
{
    public long Id { get; init; }

    public required LedgerKind Kind { get; init; }

    public required DateTimeOffset At { get; init; }

    public Guid? AuctionId { get; init; }

    public string? Reference { get; init; }

    public required string Description { get; init; }

    public List<LedgerEntry> Entries { get; } = [];
}

public sealed class LedgerEntry
{
    public long Id { get; init; }

    public long TransactionId { get; init; }

    public LedgerTransaction? Transaction { get; init; }

    public required LedgerAccount Account { get; init; }

    /// <summary>The owner for user accounts; null for platform accounts.</summary>
    public Guid? UserId { get; init; }

    /// <summary>Signed: positive adds to the account, negative takes from it.</summary>
    public required decimal Amount { get; init; }
}

namespace Gavel.Core.Wallet;

public enum PaymentStatus
{
    Pending,
    Completed,
    Failed,
}

public sealed class Withdrawal
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid UserId { get; init; }

    public required decimal Amount { get; init; }

    public PaymentStatus Status { get; set; } = PaymentStatus.Pending;

    public required DateTimeOffset RequestedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? ProviderReference { get; set; }

    public string? FailureReason { get; set; }
}

public sealed class Deposit
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid UserId { get; init; }

    public required decimal Amount { get; init; }

    public PaymentStatus Status { get; set; } = PaymentStatus.Pending;

    public required DateTimeOffset RequestedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? ProviderReference { get; set; }
}

namespace Gavel.Core.Notifications;

/// <summary>
/// Something a user should hear about. It is written in the same transaction as the event that caused it, with one
/// <see cref="NotificationDelivery"/> per channel beyond the inbox (an outbox), so a crash can lose none.
/// </summary>
public sealed class Notification
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid UserId { get; init; }

    public required NotificationKind Kind { get; init; }

    public Guid? AuctionId { get; init; }

    public required string Title { get; init; }

    public required string Body { get; init; }

    /// <summary>Machine-readable details as a JSON object (prices, amounts) for clients that render their own text.</summary>
    public string? Data { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ReadAt { get; set; }

    /// <summary>False when the user turned the inbox off for this kind: the row still records the event for the other channels.</summary>
    public bool InInbox { get; init; } = true;
}

public enum NotificationKind
{
    Outbid,
    Leading,
    AuctionWon,
    AuctionLost,
    EndingSoon,
    AuctionSold,
    AuctionUnsold,
    BidOnYourAuction,
    DepositSettled,
    WithdrawalCompleted,
    WithdrawalFailed,
    AuctionCancelled,
}

public enum NotificationChannel
{
    Inbox,
    Push,
    Email,
}

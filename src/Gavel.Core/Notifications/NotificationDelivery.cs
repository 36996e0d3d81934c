namespace Gavel.Core.Notifications;

public enum DeliveryStatus
{
    Pending,
    Sent,
    Skipped,
    Failed,
}

/// <summary>
/// One outbox row: a notification still to be pushed or emailed. A dispatcher claims due rows with a lease, delivers
/// them and records the outcome; a row whose lease ran out (its node died mid-delivery) is claimed again, so delivery is
/// at least once and receivers drop repeats by <see cref="NotificationId"/>.
/// </summary>
public sealed class NotificationDelivery
{
    public long Id { get; init; }

    public required Guid NotificationId { get; init; }

    public required Guid UserId { get; init; }

    public required NotificationChannel Channel { get; init; }

    public DeliveryStatus Status { get; set; } = DeliveryStatus.Pending;

    /// <summary>Not before this time: a retry's backoff, the end of quiet hours, or the outbid collapse window.</summary>
    public required DateTimeOffset DueAt { get; set; }

    /// <summary>Deliveries with the same key for the same user collapse into the latest (outbid emails during a bidding war).</summary>
    public string? CollapseKey { get; init; }

    public int Attempts { get; set; }

    public Guid? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? Outcome { get; set; }
}

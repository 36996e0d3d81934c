namespace Gavel.Core.Pricing;

public enum ShillReviewStatus
{
    Open,
    Dismissed,
    Confirmed,
}

/// <summary>
/// A bidder-auction pair whose bidding looks like shill bidding, waiting for an admin: why it was flagged, the
/// classifier's probability (when a classifier is installed) and the nine features it was judged on.
/// </summary>
public sealed class ShillReview
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid AuctionId { get; init; }

    public required Guid BidderId { get; init; }

    public required Guid SellerId { get; init; }

    /// <summary>The classifier's probability of shill bidding; null when only the rules flagged it.</summary>
    public double? Probability { get; init; }

    /// <summary>The reasons, one per line, in words an admin can check against the bid history.</summary>
    public required string Reasons { get; init; }

    /// <summary>The nine UCI features, comma-separated in their documented order.</summary>
    public required string Features { get; init; }

    public ShillReviewStatus Status { get; set; } = ShillReviewStatus.Open;

    public required DateTimeOffset CreatedAt { get; init; }
}

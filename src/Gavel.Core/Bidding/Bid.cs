namespace Gavel.Core.Bidding;

/// <summary>An accepted proxy bid. Rejected bids are never stored; accepted ones are never changed.</summary>
public sealed class Bid
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid AuctionId { get; init; }

    public required Guid BidderId { get; init; }

    /// <summary>The bidder's stable per-auction alias; the only identity others see.</summary>
    public required string BidderAlias { get; init; }

    public required decimal MaxAmount { get; init; }

    /// <summary>Per-auction sequence of accepted events; clients order and de-duplicate by it.</summary>
    public required long Sequence { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The visible price right after this bid.</summary>
    public required decimal PriceAfter { get; init; }

    public required bool LeadingAfter { get; init; }
}

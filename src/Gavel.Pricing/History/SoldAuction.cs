using Gavel.Core.Auctions;

namespace Gavel.Pricing.History;

/// <summary>
/// What a listing tells before its first bid: everything the listing-time model may use. Category is a
/// category slug (stable across databases); the seller's own history is not used yet.
/// </summary>
public sealed record Listing(
    string Title,
    string? Category,
    ItemCondition? Condition,
    decimal StartingPrice,
    double DurationDays,
    DayOfWeek? EndDay);

/// <summary>
/// One accepted bid as the public sees it: when (as a fraction of the scheduled auction length), by whom (any
/// stable key), the visible price it produced. <see cref="MaxAmount"/> is the bidder's hidden maximum: only the
/// evaluation's "hidden bids" comparison reads it, never a served forecast.
/// </summary>
public readonly record struct BidEvent(double Elapsed, string Bidder, decimal VisiblePrice, decimal MaxAmount);

/// <summary>
/// An ended auction that sold, with its hammer price: the only kind of row the price models learn from.
/// <see cref="Key"/> is unique in a training set ("auction.csv:1638893549" or a Gavel auction id).
/// </summary>
public sealed record SoldAuction(
    string Key,
    Guid? AuctionId,
    Listing Listing,
    decimal FinalPrice,
    DateTimeOffset? EndedAt,
    IReadOnlyList<BidEvent> Bids);

namespace Gavel.Core.Auctions;

public sealed class WatchlistEntry
{
    public required Guid UserId { get; init; }

    public required Guid AuctionId { get; init; }

    public required DateTimeOffset AddedAt { get; init; }
}

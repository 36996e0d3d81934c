namespace Gavel.Core.Auctions;

public enum AuctionStatus
{
    Draft,
    Scheduled,
    Live,
    Ended,
    Settled,
    Cancelled,
}

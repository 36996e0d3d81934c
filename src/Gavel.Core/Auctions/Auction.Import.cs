namespace Gavel.Core.Auctions;

/// <summary>The outcome of an imported auction: sold to a winner at a price, or ended unsold.</summary>
public sealed record ImportedOutcome(Guid? WinnerId, string? WinnerAlias, decimal? FinalPrice, int BidCount, int BidderCount);

public sealed partial class Auction
{
    /// <summary>
    /// An auction that ended elsewhere (imported history), created directly as settled. It never took bids or
    /// money here: no holds, captures or fees are posted, so the ledger does not change. Its bids, if any, are
    /// added by the importer as history.
    /// </summary>
    public static Auction ImportSettled(
        Guid sellerId, string title, string description, int categoryId, ItemCondition condition, decimal startingPrice,
        DateTimeOffset startsAt, DateTimeOffset endsAt, ImportedOutcome outcome, string source)
    {
        var auction = new Auction
        {
            SellerId = sellerId,
            Title = title,
            Description = description,
            CategoryId = categoryId,
            Condition = condition,
            StartingPrice = startingPrice,
            StartsAt = startsAt,
            EndsAt = endsAt,
            ScheduledEndsAt = endsAt,
            CreatedAt = startsAt,
            SoftCloseMinutes = 0,
        };
        auction.BidCount = outcome.BidCount;
        auction.BidderCount = outcome.BidderCount;
        auction.LastSequence = outcome.BidCount;
        auction.EndedAt = endsAt;
        auction.SettledAt = endsAt;
        if (outcome is { WinnerId: { } winner, FinalPrice: { } price })
        {
            auction.LeaderId = winner;
            auction.LeaderAlias = outcome.WinnerAlias;
            auction.CurrentPrice = price;
            auction.WinnerId = winner;
            auction.FinalPrice = price;
        }

        auction.MoveTo(AuctionStatus.Settled, endsAt, null, $"imported history ({source}): {(auction.WinnerId is null ? "ended unsold" : "sold")}");
        return auction;
    }
}

using Gavel.Core.Bidding;
using Gavel.Core.Common;

namespace Gavel.Core.Auctions;

/// <summary>What a bid changed: the caller moves money by it (holds, releases) in the same transaction.</summary>
public sealed record BidEffects(
    Bid Bid,
    Guid? PreviousLeaderId,
    decimal? PreviousLeaderMax,
    bool LeaderChanged,
    bool PriceChanged,
    bool Extended);

public sealed partial class Auction
{
    /// <summary>
    /// Applies a proxy bid received at <paramref name="receivedAt"/> by the server clock. A bid is accepted
    /// only if it arrives before the (extended) end, whether or not the closer has run yet.
    /// </summary>
    /// <remarks>Every rule is checked (<see cref="CheckBid"/>) before anything changes, so a refused bid leaves the auction as it was.</remarks>
    public BidEffects PlaceBid(Guid bidderId, string bidderAlias, bool isNewBidder, decimal maxAmount, DateTimeOffset receivedAt)
    {
        var outcome = CheckBid(bidderId, maxAmount, receivedAt);
        GoLive(receivedAt); // numbered with the bid: one step, one event
        var previousLeader = LeaderId;
        var previousMax = LeaderMaxAmount;
        var previousPrice = CurrentPrice;

        var leaderChanged = outcome.LeaderId != previousLeader;
        var priceChanged = outcome.Price != previousPrice;
        CurrentPrice = outcome.Price;
        LeaderMaxAmount = outcome.LeaderMax;
        if (leaderChanged)
        {
            LeaderId = outcome.LeaderId;
            LeaderAlias = bidderAlias;
        }

        BidCount++;
        if (isNewBidder)
        {
            BidderCount++;
        }

        LastSequence++;
        var extended = (leaderChanged || priceChanged) && ExtendForSoftClose(receivedAt);
        var bid = new Bid
        {
            AuctionId = Id,
            BidderId = bidderId,
            BidderAlias = bidderAlias,
            MaxAmount = maxAmount,
            Sequence = LastSequence,
            ReceivedAt = receivedAt,
            PriceAfter = outcome.Price,
            LeadingAfter = outcome.Leads(bidderId),
        };
        return new BidEffects(bid, previousLeader, previousMax, leaderChanged, priceChanged, extended);
    }

    /// <summary>
    /// What <see cref="PlaceBid"/> would make of this bid, changing nothing; throws the rule it breaks. A writer that
    /// places several bids in one transaction asks first, so that a refused bid cannot leave half a change behind.
    /// </summary>
    public ProxyOutcome CheckBid(Guid bidderId, decimal maxAmount, DateTimeOffset receivedAt)
    {
        if (bidderId == SellerId)
        {
            throw new GavelRuleException("own_auction", "You cannot bid on your own auction.");
        }

        if (!IsOpen(receivedAt))
        {
            throw new GavelRuleException(
                "auction_not_live",
                receivedAt >= EndsAt ? "This auction has ended." : $"This auction is {Status.ToString().ToLowerInvariant()} and does not take bids.");
        }

        return ProxyBidding.Apply(State, bidderId, maxAmount);
    }

    /// <summary>
    /// The funds a bid with this outcome needs available: a leading bid holds its maximum (or, raising its own lead,
    /// the rise); a bid that does not lead holds nothing, but its bidder must still be able to pay what they offer.
    /// </summary>
    public decimal FundsNeededFor(Guid bidderId, decimal maxAmount, ProxyOutcome outcome) =>
        outcome.Leads(bidderId) && LeaderId == bidderId ? maxAmount - LeaderMaxAmount!.Value : maxAmount;

    /// <summary>Buy-now ends the auction at once; returns the leader whose hold must be released, if any.</summary>
    public (Guid LeaderId, decimal Held)? BuyNow(Guid buyerId, DateTimeOffset now)
    {
        if (buyerId == SellerId)
        {
            throw new GavelRuleException("own_auction", "You cannot buy your own item.");
        }

        if (!IsBuyNowOffered(now))
        {
            throw new GavelRuleException(
                IsOpen(now) ? "buy_now_unavailable" : "auction_not_live",
                IsOpen(now) ? "Buy-now is no longer offered on this auction." : "This auction does not take offers now.");
        }

        GoLive(now); // numbered with the purchase
        var released = LeaderId is { } leader ? (leader, LeaderMaxAmount!.Value) : ((Guid, decimal)?)null;
        LeaderId = buyerId;
        LeaderAlias = "Buyer";
        LeaderMaxAmount = null;
        CurrentPrice = BuyNowPrice;
        WinnerId = buyerId;
        FinalPrice = BuyNowPrice;
        EndsAt = now;
        EndedAt = now;
        LastSequence++;
        boughtNowInThisStep = true;
        MoveTo(AuctionStatus.Ended, now, buyerId, "bought now");
        return released;
    }

    private bool ExtendForSoftClose(DateTimeOffset receivedAt)
    {
        if (SoftCloseMinutes <= 0)
        {
            return false;
        }

        var window = TimeSpan.FromMinutes(SoftCloseMinutes);
        if (receivedAt < EndsAt - window)
        {
            return false;
        }

        var cap = ScheduledEndsAt + TimeSpan.FromMinutes(MaxExtensionMinutes);
        var newEnd = receivedAt + window < cap ? receivedAt + window : cap;
        if (newEnd <= EndsAt)
        {
            return false;
        }

        EndsAt = newEnd;
        return true;
    }
}

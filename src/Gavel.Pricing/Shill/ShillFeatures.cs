namespace Gavel.Pricing.Shill;

/// <summary>One accepted bid, in sequence order, and whether it left the bidder leading.</summary>
public sealed record ShillBid(Guid BidderId, DateTimeOffset At, bool LeadingAfter);

/// <summary>An ended auction as the shill features need it.</summary>
public sealed record ShillAuction(Guid AuctionId, Guid SellerId, DateTimeOffset Start, DateTimeOffset End, decimal StartingPrice, Guid? WinnerId, IReadOnlyList<ShillBid> Bids);

/// <summary>A bidder's record over ended auctions: how many they bid in, how many were this seller's, how many they lost.</summary>
public sealed record BidderRecord(int Auctions, int AuctionsWithSeller, int AuctionsLost);

/// <summary>Market figures the relative features compare with: bids per auction and the starting price in the category.</summary>
public sealed record MarketAverages(double BidsPerAuction, decimal StartingPrice);

/// <summary>A bidder's features in one auction, with the counts the reasons quote.</summary>
public sealed record BidderFeatures(Guid BidderId, ShillFeatureVector Vector, int Bids, int TotalBids, int SelfOutbids, BidderRecord Record);

/// <summary>
/// The nine features of the UCI shill bidding data computed from Gavel's own bids, following the definitions
/// published with the data (Alzahrani &amp; Sadaoui) and matching its value ranges: the ratios are in [0, 1],
/// successive outbidding is 0, 0.5 or 1 (none, once, twice or more), auction bids is max(0, (n - average) / n),
/// early and last bidding are the first and last bid's time as a fraction of the auction.
/// </summary>
public static class ShillFeatures
{
    public static IReadOnlyList<BidderFeatures> Compute(ShillAuction auction, Func<Guid, BidderRecord> records, MarketAverages market)
    {
        var total = auction.Bids.Count;
        if (total == 0)
        {
            return [];
        }

        var length = auction.End - auction.Start;
        double Fraction(DateTimeOffset at) => length <= TimeSpan.Zero ? 1 : Math.Clamp((at - auction.Start) / length, 0, 1);

        var selfOutbids = new Dictionary<Guid, int>();
        Guid? leader = null;
        foreach (var bid in auction.Bids)
        {
            if (leader == bid.BidderId)
            {
                selfOutbids[bid.BidderId] = selfOutbids.GetValueOrDefault(bid.BidderId) + 1;
            }

            if (bid.LeadingAfter)
            {
                leader = bid.BidderId;
            }
        }

        var auctionBids = (float)Math.Max(0, (total - market.BidsPerAuction) / total);
        var startingPrice = market.StartingPrice <= 0 ? 0f : (float)Math.Clamp(1 - (double)(auction.StartingPrice / market.StartingPrice), 0, 1);
        var days = (float)length.TotalDays;
        return [.. auction.Bids.GroupBy(b => b.BidderId).Select(group =>
        {
            var record = records(group.Key);
            var own = group.Count();
            var outbids = selfOutbids.GetValueOrDefault(group.Key);
            var vector = new ShillFeatureVector(
            [
                record.Auctions == 0 ? 0 : (float)record.AuctionsWithSeller / record.Auctions,
                (float)own / total,
                outbids switch { 0 => 0f, 1 => 0.5f, _ => 1f },
                (float)Fraction(group.Max(b => b.At)),
                auctionBids,
                startingPrice,
                (float)Fraction(group.Min(b => b.At)),
                auction.WinnerId == group.Key || record.Auctions == 0 ? 0 : (float)record.AuctionsLost / record.Auctions,
                days,
            ]);
            return new BidderFeatures(group.Key, vector, own, total, outbids, record);
        })];
    }

    /// <summary>The behaviours an admin can check against the bid history, in words.</summary>
    public static IReadOnlyList<string> Reasons(BidderFeatures bidder)
    {
        var v = bidder.Vector;
        var reasons = new List<string>();
        if (bidder.SelfOutbids >= 2)
        {
            reasons.Add($"raised their own leading bid {bidder.SelfOutbids} times (successive outbidding)");
        }

        if (v.BiddingRatio >= 0.4 && bidder.TotalBids >= 5)
        {
            reasons.Add($"placed {bidder.Bids} of the auction's {bidder.TotalBids} bids");
        }

        if (v.BidderTendency >= 0.75 && bidder.Record.Auctions >= 3)
        {
            reasons.Add($"{bidder.Record.AuctionsWithSeller} of the {bidder.Record.Auctions} auctions they bid in were this seller's");
        }

        if (v.WinningRatio >= 0.8 && bidder.Record.Auctions >= 3)
        {
            reasons.Add($"lost {bidder.Record.AuctionsLost} of the {bidder.Record.Auctions} auctions they bid in");
        }

        if (v.StartingPriceAverage >= 0.8)
        {
            reasons.Add("the auction started far below the category's average starting price");
        }

        if (v.EarlyBidding <= 0.1 && v.LastBidding <= 0.75 && bidder.Bids >= 2)
        {
            reasons.Add("bid early and stopped before the last quarter of the auction");
        }

        return reasons;
    }
}

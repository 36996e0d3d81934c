using Gavel.Pricing.Shill;

namespace Gavel.Pricing.Tests;

public sealed class ShillFeatureTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Seller = Guid.NewGuid(), Honest = Guid.NewGuid(), Shill = Guid.NewGuid(), Winner = Guid.NewGuid();

    /// <summary>
    /// A ten-day auction: Honest bids on day 1; Shill takes the lead on day 2 and raises their own lead on days 3 and 4;
    /// Winner outbids everyone on day 9. Five bids against a market average of three.
    /// </summary>
    private static readonly ShillAuction Auction = new(
        Guid.NewGuid(),
        Seller,
        Start,
        Start.AddDays(10),
        10m,
        Winner,
        [
            new(Honest, Start.AddDays(1), true),
            new(Shill, Start.AddDays(2), true),
            new(Shill, Start.AddDays(3), true),
            new(Shill, Start.AddDays(4), true),
            new(Winner, Start.AddDays(9), true),
        ]);

    private static readonly Dictionary<Guid, BidderRecord> Records = new()
    {
        [Honest] = new BidderRecord(Auctions: 4, AuctionsWithSeller: 1, AuctionsLost: 2),
        [Shill] = new BidderRecord(Auctions: 3, AuctionsWithSeller: 3, AuctionsLost: 3),
        [Winner] = new BidderRecord(Auctions: 1, AuctionsWithSeller: 1, AuctionsLost: 0),
    };

    private static IReadOnlyDictionary<Guid, BidderFeatures> Compute() =>
        ShillFeatures.Compute(Auction, id => Records[id], new MarketAverages(BidsPerAuction: 3, StartingPrice: 50m)).ToDictionary(f => f.BidderId);

    [Fact]
    public void TheNineFeaturesFollowTheUciDefinitions()
    {
        var features = Compute();

        // Bidder_Tendency, Bidding_Ratio, Successive_Outbidding, Last_Bidding, Auction_Bids, Starting_Price_Average, Early_Bidding, Winning_Ratio, Auction_Duration
        AssertVector([1f, 0.6f, 1f, 0.4f, 0.4f, 0.8f, 0.2f, 1f, 10f], features[Shill].Vector);
        AssertVector([0.25f, 0.2f, 0f, 0.1f, 0.4f, 0.8f, 0.1f, 0.5f, 10f], features[Honest].Vector);
        AssertVector([1f, 0.2f, 0f, 0.9f, 0.4f, 0.8f, 0.9f, 0f, 10f], features[Winner].Vector);
        Assert.Equal(2, features[Shill].SelfOutbids);
    }

    [Fact]
    public void OneSelfOutbidScoresHalfAndAFewerBidsThanAverageAuctionScoresZero()
    {
        var shorter = Auction with { Bids = Auction.Bids.Take(3).ToList() };

        var features = ShillFeatures.Compute(shorter, id => Records[id], new MarketAverages(3, 50m)).ToDictionary(f => f.BidderId);

        Assert.Equal(0.5f, features[Shill].Vector.SuccessiveOutbidding);
        Assert.Equal(0f, features[Shill].Vector.AuctionBids);
    }

    [Fact]
    public void TheShillBidderGetsReasonsAnAdminCanCheckAndTheWinnerNone()
    {
        var features = Compute();

        var reasons = ShillFeatures.Reasons(features[Shill]);

        Assert.Contains("raised their own leading bid 2 times (successive outbidding)", reasons);
        Assert.Contains("placed 3 of the auction's 5 bids", reasons);
        Assert.Contains("3 of the 3 auctions they bid in were this seller's", reasons);
        Assert.Contains("lost 3 of the 3 auctions they bid in", reasons);
        Assert.True(reasons.Count >= 3);
        Assert.Equal(["the auction started far below the category's average starting price"], ShillFeatures.Reasons(features[Winner]));
    }

    private static void AssertVector(float[] expected, ShillFeatureVector actual)
    {
        Assert.Equal(expected.Length, actual.Values.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual.Values[i]) < 1e-5, $"{ShillFeatureVector.Names[i]}: expected {expected[i]}, got {actual.Values[i]}");
        }
    }
}

using Gavel.Core.Auctions;

namespace Gavel.Core.Tests.Auctions;

/// <summary>Buy-now is offered until the first bid, or until the reserve is met when there is one, and ends the auction at once.</summary>
public sealed class BuyNowTests
{
    public static TheoryData<string, decimal?, decimal[], bool> Offers => new()
    {
        // case, reserve, bids in turn by Alice and Bob, offered (buy-now 200)
        { "no reserve, no bids", null, [], true },
        { "no reserve, after the first bid", null, [20m], false },
        { "no reserve, after a bidding war", null, [20m, 30m, 40m], false },
        { "reserve, no bids", 100m, [], true },
        { "reserve not met by the first bid", 100m, [50m], true },
        { "reserve not met after several bids", 100m, [50m, 80m, 99.99m], true },
        { "reserve met by the first bid", 100m, [100m], false },
        { "reserve met by a challenger", 100m, [50m, 150m], false },
        { "reserve met, then a losing challenger", 100m, [150m, 110m], false },
    };

    [Theory]
    [MemberData(nameof(Offers))]
    public void BuyNowIsOfferedUntilTheFirstBidOrUntilTheReserveIsMet(string @case, decimal? reserve, decimal[] bids, bool offered)
    {
        var scenario = AuctionScenario.Live(reserve: reserve, buyNow: 200m);
        scenario.BidInTurn(bids);

        Assert.True(scenario.Auction.IsBuyNowOffered(scenario.Now) == offered, @case);
        if (!offered)
        {
            scenario.AssertRefused(() => scenario.Auction.BuyNow(People.Carol, scenario.Now), "buy_now_unavailable");
        }
    }

    [Theory]
    [InlineData(AuctionStatus.Draft)]
    [InlineData(AuctionStatus.Scheduled)]
    [InlineData(AuctionStatus.Ended)]
    [InlineData(AuctionStatus.Cancelled)]
    public void BuyNowIsOnlyOfferedWhileTheAuctionIsOpen(AuctionStatus status)
    {
        var scenario = AuctionScenario.InStatus(status);
        scenario.Auction.BuyNowPrice = 200m;

        Assert.False(scenario.Auction.IsBuyNowOffered(scenario.Now));
        scenario.AssertRefused(() => scenario.Auction.BuyNow(People.Carol, scenario.Now), "auction_not_live");
    }

    [Fact]
    public void BuyNowIsWithdrawnAtTheEndEvenBeforeTheCloserRuns()
    {
        var scenario = AuctionScenario.Live(buyNow: 200m);
        scenario.At(scenario.Auction.EndsAt - TimeSpan.FromTicks(1));
        Assert.True(scenario.Auction.IsBuyNowOffered(scenario.Now));

        scenario.At(scenario.Auction.EndsAt);

        Assert.False(scenario.Auction.IsBuyNowOffered(scenario.Now));
        scenario.AssertRefused(() => scenario.Auction.BuyNow(People.Carol, scenario.Now), "auction_not_live");
    }

    [Fact]
    public void WithoutABuyNowPriceNothingIsOffered()
    {
        var scenario = AuctionScenario.Live();

        Assert.False(scenario.Auction.IsBuyNowOffered(scenario.Now));
        scenario.AssertRefused(() => scenario.Auction.BuyNow(People.Carol, scenario.Now), "buy_now_unavailable");
    }

    [Fact]
    public void SellerCannotBuyTheirOwnItem()
    {
        var scenario = AuctionScenario.Live(buyNow: 200m);

        scenario.AssertRefused(() => scenario.Auction.BuyNow(People.Seller, scenario.Now), "own_auction");
    }

    public static TheoryData<string, decimal?, decimal[], string, string?, decimal?> Purchases => new()
    {
        // case, reserve, bids in turn by Alice and Bob, buyer, leader whose hold is released, amount released
        { "no bids", null, [], "Carol", null, null },
        { "reserve not met, Alice leads", 100m, [50m], "Carol", "Alice", 50m },
        { "reserve not met, Bob took the lead", 100m, [50m, 80m], "Carol", "Bob", 80m },
        { "the leader buys it themselves", 100m, [50m], "Alice", "Alice", 50m },
        { "a losing bidder buys it", 100m, [50m, 30m], "Bob", "Alice", 50m },
    };

    [Theory]
    [MemberData(nameof(Purchases))]
    public void BuyNowEndsTheAuctionAtOnceAndReturnsTheHoldToRelease(
        string @case, decimal? reserve, decimal[] bids, string buyer, string? releasedLeader, decimal? releasedAmount)
    {
        var scenario = AuctionScenario.Live(reserve: reserve, buyNow: 200m);
        scenario.BidInTurn(bids);
        scenario.At(AuctionScenario.Start + TimeSpan.FromMinutes(20));
        var sequence = scenario.Auction.LastSequence;

        var released = scenario.Auction.BuyNow(People.Id(buyer), scenario.Now);

        (Guid, decimal)? expected = releasedLeader is null ? null : (People.Id(releasedLeader), releasedAmount!.Value);
        Assert.True(released == expected, $"{@case}: released {released}");
        var auction = scenario.Auction;
        Assert.Equal(AuctionStatus.Ended, auction.Status);
        Assert.Equal((People.Id(buyer), 200m, 200m), (auction.WinnerId!.Value, auction.FinalPrice!.Value, auction.CurrentPrice!.Value));
        Assert.Equal((People.Id(buyer), (decimal?)null), (auction.LeaderId!.Value, auction.LeaderMaxAmount));
        Assert.Equal((scenario.Now, scenario.Now), (auction.EndsAt, auction.EndedAt!.Value));
        Assert.Equal(sequence + 1, auction.LastSequence);
        AuctionScenario.AssertTransition(auction.Transitions[^1], AuctionStatus.Live, AuctionStatus.Ended, scenario.Now, People.Id(buyer));
        Assert.False(auction.IsOpen(scenario.Now));
        scenario.AssertRefused(() => scenario.Bid(People.Carol, 300m), "auction_not_live");
        scenario.AssertRefused(() => auction.BuyNow(People.Carol, scenario.Now), "auction_not_live");
        Assert.False(auction.Close(scenario.Now + TimeSpan.FromHours(2)));
        Assert.Equal(People.Id(buyer), auction.WinnerId);
    }

    [Fact]
    public void BuyingNowAScheduledAuctionWhoseStartHasComeTakesItThroughLive()
    {
        var scenario = new AuctionScenario(buyNow: 200m, startsIn: TimeSpan.FromMinutes(5));
        scenario.Publish();
        scenario.At(scenario.Auction.StartsAt!.Value);

        scenario.Auction.BuyNow(People.Carol, scenario.Now);

        Assert.Equal(
            [AuctionStatus.Scheduled, AuctionStatus.Live, AuctionStatus.Ended],
            scenario.Auction.Transitions.Select(t => t.To));
    }
}

using Gavel.Core.Auctions;
using Gavel.Core.Bidding;
using Gavel.Core.Common;

namespace Gavel.Core.Tests.Auctions;

public sealed class AuctionBiddingTests
{
    [Fact]
    public void SellerCannotBidOnTheirOwnAuction()
    {
        var scenario = AuctionScenario.Live();

        scenario.AssertRefused(() => scenario.Bid(People.Seller, 50m), "own_auction");
    }

    [Theory]
    [InlineData(AuctionStatus.Draft)]
    [InlineData(AuctionStatus.Scheduled)]
    [InlineData(AuctionStatus.Ended)]
    [InlineData(AuctionStatus.Settled)]
    [InlineData(AuctionStatus.Cancelled)]
    public void AuctionsThatAreNotLiveTakeNoBids(AuctionStatus status)
    {
        var scenario = AuctionScenario.InStatus(status);

        scenario.AssertRefused(() => scenario.Bid(People.Alice, 50m), "auction_not_live");
    }

    public static TheoryData<string, TimeSpan, bool> BidsAroundTheEnd => new()
    {
        // case, receipt relative to EndsAt (the closer never runs), accepted
        { "an hour before the end", TimeSpan.FromHours(-1), true },
        { "one tick before the end", TimeSpan.FromTicks(-1), true },
        { "exactly at the end", TimeSpan.Zero, false },
        { "one tick after the end", TimeSpan.FromTicks(1), false },
        { "a day after the end", TimeSpan.FromDays(1), false },
    };

    [Theory]
    [MemberData(nameof(BidsAroundTheEnd))]
    public void TheServerClockAloneDecidesWhetherABidIsInTime(string @case, TimeSpan relativeToEnd, bool accepted)
    {
        var scenario = AuctionScenario.Live(softCloseMinutes: 0);
        scenario.At(scenario.Auction.EndsAt + relativeToEnd);

        if (accepted)
        {
            Assert.True(scenario.Bid(People.Alice, 50m).Bid.LeadingAfter, @case);
            Assert.Equal(AuctionStatus.Live, scenario.Auction.Status);
        }
        else
        {
            scenario.AssertRefused(() => scenario.Bid(People.Alice, 50m), "auction_not_live");
        }
    }

    public static TheoryData<string, TimeSpan, bool> BidsAroundTheStart => new()
    {
        // case, receipt relative to StartsAt (the scheduler never runs), accepted
        { "one tick before the start", TimeSpan.FromTicks(-1), false },
        { "exactly at the start", TimeSpan.Zero, true },
        { "a minute after the start", TimeSpan.FromMinutes(1), true },
    };

    [Theory]
    [MemberData(nameof(BidsAroundTheStart))]
    public void AScheduledAuctionTakesBidsFromItsStartEvenBeforeTheSchedulerRuns(string @case, TimeSpan relativeToStart, bool accepted)
    {
        var scenario = new AuctionScenario(startsIn: TimeSpan.FromHours(1));
        scenario.Publish();
        scenario.At(scenario.Auction.StartsAt!.Value + relativeToStart);

        if (accepted)
        {
            scenario.Bid(People.Alice, 50m);
            Assert.True(scenario.Auction.Status == AuctionStatus.Live, @case);
            Assert.Equal(AuctionStatus.Live, scenario.Auction.Transitions[^1].To);
        }
        else
        {
            scenario.AssertRefused(() => scenario.Bid(People.Alice, 50m), "auction_not_live");
            Assert.Equal(AuctionStatus.Scheduled, scenario.Auction.Status);
        }
    }

    [Fact]
    public void ABidAfterTheScheduledEndCountsWhileASoftCloseExtensionRuns()
    {
        var scenario = AuctionScenario.Live();
        var scheduledEnd = scenario.Auction.EndsAt;
        scenario.BeforeEnd(TimeSpan.FromSeconds(10));
        scenario.Bid(People.Alice, 50m);

        scenario.At(scheduledEnd + TimeSpan.FromMinutes(1));
        var effects = scenario.Bid(People.Bob, 80m);

        Assert.True(effects.Bid.LeadingAfter);
        Assert.Equal(scheduledEnd + TimeSpan.FromMinutes(3), scenario.Auction.EndsAt);
    }

    [Fact]
    public void BidBelowTheMinimumIsRefusedWithTheMinimumAndChangesNothing()
    {
        var scenario = AuctionScenario.Live();
        Assert.Equal(10.00m, scenario.Auction.MinimumNextBid);
        var error = scenario.AssertRefused(() => scenario.Bid(People.Alice, 9.99m), "bid_too_low");
        Assert.Equal(10.00m, error.Extensions["minimumBid"]);

        scenario.Bid(People.Alice, 50m);
        Assert.Equal(10.50m, scenario.Auction.MinimumNextBid);
        error = scenario.AssertRefused(() => scenario.Bid(People.Bob, 10.49m), "bid_too_low");
        Assert.Equal(10.50m, error.Extensions["minimumBid"]);
    }

    [Fact]
    public void AnAuctionsOwnIncrementTableSetsItsMinimumNextBid()
    {
        var scenario = new AuctionScenario(increments: new IncrementTable([new(0m, 1m), new(100m, 20m)]));
        scenario.Publish();

        scenario.Bid(People.Alice, 50m);
        scenario.Bid(People.Bob, 20m);

        Assert.Equal(21m, scenario.Auction.CurrentPrice);
        Assert.Equal(22m, scenario.Auction.MinimumNextBid);
    }

    [Fact]
    public void EachBidReportsWhatItChanged()
    {
        var scenario = AuctionScenario.Live();

        var first = scenario.Bid(People.Alice, 50m);
        var loser = scenario.Bid(People.Bob, 20m);
        var raise = scenario.Bid(People.Alice, 70m);
        var winner = scenario.Bid(People.Bob, 100m);

        Assert.Equal(new BidEffects(first.Bid, null, null, true, true, false), first);
        Assert.Equal(new BidEffects(loser.Bid, People.Alice, 50m, false, true, false), loser);
        Assert.Equal(new BidEffects(raise.Bid, People.Alice, 50m, false, false, false), raise);
        Assert.Equal(new BidEffects(winner.Bid, People.Alice, 70m, true, true, false), winner);
        Assert.Equal([10m, 20.50m, 20.50m, 71m], new[] { first, loser, raise, winner }.Select(e => e.Bid.PriceAfter));
        Assert.Equal([true, false, true, true], new[] { first, loser, raise, winner }.Select(e => e.Bid.LeadingAfter));
        Assert.Equal([50m, 20m, 70m, 100m], new[] { first, loser, raise, winner }.Select(e => e.Bid.MaxAmount));

        var auction = scenario.Auction;
        Assert.Equal((71m, People.Bob, "Bob", 100m), (auction.CurrentPrice, auction.LeaderId, auction.LeaderAlias, auction.LeaderMaxAmount));
        Assert.Equal((4, 2), (auction.BidCount, auction.BidderCount));
        Assert.All(new[] { first, loser, raise, winner }, e => Assert.Equal(auction.Id, e.Bid.AuctionId));
    }

    [Fact]
    public void SequenceNumbersRiseByOnePerAcceptedEvent()
    {
        var scenario = AuctionScenario.Live(reserve: 100m, buyNow: 500m);
        var auction = scenario.Auction;
        var sequences = new List<long>();

        sequences.Add(scenario.Bid(People.Alice, 50m).Bid.Sequence);
        Assert.Throws<GavelRuleException>(() => scenario.Bid(People.Bob, 10m));
        Assert.Throws<GavelRuleException>(() => scenario.Bid(People.Seller, 60m));
        Assert.Throws<GavelRuleException>(() => scenario.Bid(People.Alice, 40m));
        sequences.Add(scenario.Bid(People.Bob, 30m).Bid.Sequence);
        sequences.Add(scenario.Bid(People.Alice, 60m).Bid.Sequence);
        scenario.BeforeEnd(TimeSpan.FromSeconds(30));
        sequences.Add(scenario.Bid(People.Bob, 80m).Bid.Sequence);
        Assert.True(auction.EndsAt > auction.ScheduledEndsAt);
        sequences.Add(scenario.Bid(People.Bob, 90m).Bid.Sequence);
        Assert.Equal(5, auction.LastSequence);
        auction.BuyNow(People.Carol, scenario.Now);
        sequences.Add(auction.LastSequence);
        Assert.Throws<GavelRuleException>(() => scenario.Bid(People.Alice, 200m));
        Assert.False(auction.Close(scenario.Now + TimeSpan.FromHours(1)));

        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], sequences);
        Assert.Equal(6, auction.LastSequence);
    }

    [Theory]
    [InlineData("close")]
    [InlineData("cancel")]
    public void ClosingAndCancellingAreSequencedEvents(string action)
    {
        var scenario = AuctionScenario.Live();
        scenario.Bid(People.Alice, 50m);
        scenario.Bid(People.Bob, 20m);

        if (action == "close")
        {
            Assert.True(scenario.Auction.Close(scenario.Auction.EndsAt));
        }
        else
        {
            scenario.Auction.Cancel(People.Admin, actorIsAdmin: true, scenario.Now, "fraud");
        }

        Assert.Equal(3, scenario.Auction.LastSequence);
    }
}

using Gavel.Core.Common;

namespace Gavel.Core.Tests.Auctions;

/// <summary>
/// An accepted bid that changes the leader or the price in the last N minutes pushes the end to receipt + N,
/// up to a cap on the total extension. Rejected bids never extend.
/// </summary>
public sealed class SoftCloseTests
{
    public static TheoryData<string, TimeSpan, bool> Timing => new()
    {
        // case, receipt before the end, extended (Bob outbids Alice; soft close 2 minutes)
        { "an hour before the end", TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1), false },
        { "three minutes before the end", TimeSpan.FromMinutes(3), false },
        { "a tick more than two minutes before the end", TimeSpan.FromMinutes(2) + TimeSpan.FromTicks(1), false },
        { "exactly two minutes before the end: receipt + 2 is the end already", TimeSpan.FromMinutes(2), false },
        { "a tick inside the window", TimeSpan.FromMinutes(2) - TimeSpan.FromTicks(1), true },
        { "a minute before the end", TimeSpan.FromMinutes(1), true },
        { "one tick before the end", TimeSpan.FromTicks(1), true },
    };

    [Theory]
    [MemberData(nameof(Timing))]
    public void BidInTheWindowExtendsTheEndToReceiptPlusTheWindow(string @case, TimeSpan beforeEnd, bool extended)
    {
        var scenario = AuctionScenario.Live();
        var end = scenario.Auction.EndsAt;
        scenario.Bid(People.Alice, 50m);
        scenario.BeforeEnd(beforeEnd);

        var effects = scenario.Bid(People.Bob, 60m);

        Assert.True(effects.Extended == extended, $"{@case}: extended {effects.Extended}");
        Assert.Equal(extended ? scenario.Now + TimeSpan.FromMinutes(2) : end, scenario.Auction.EndsAt);
        Assert.Equal(end, scenario.Auction.ScheduledEndsAt);
    }

    [Fact]
    public void FirstBidInTheWindowExtends()
    {
        var scenario = AuctionScenario.Live();
        scenario.BeforeEnd(TimeSpan.FromSeconds(5));

        Assert.True(scenario.Bid(People.Alice, 50m).Extended);
        Assert.Equal(scenario.Now + TimeSpan.FromMinutes(2), scenario.Auction.EndsAt);
    }

    public static TheoryData<string, string, decimal, bool> KindsOfBid => new()
    {
        // case, bidder, maximum, extends (Alice leads with 50 at 10; reserve 100; a minute before the end)
        { "challenger takes the lead", "Bob", 60m, true },
        { "challenger loses but moves the price", "Bob", 30m, true },
        { "challenger ties the leader and moves the price", "Bob", 50m, true },
        { "leader raises below the reserve: nothing visible changes", "Alice", 80m, false },
        { "leader raises past the reserve: the price jumps to it", "Alice", 120m, true },
    };

    [Theory]
    [MemberData(nameof(KindsOfBid))]
    public void OnlyABidThatChangesTheLeaderOrThePriceExtends(string @case, string bidder, decimal max, bool extends)
    {
        var scenario = AuctionScenario.Live(reserve: 100m);
        var end = scenario.Auction.EndsAt;
        scenario.Bid(People.Alice, 50m);
        scenario.BeforeEnd(TimeSpan.FromMinutes(1));

        var effects = scenario.Bid(People.Id(bidder), max);

        Assert.True(effects.Extended == extends, $"{@case}: extended {effects.Extended}");
        Assert.Equal(extends, effects.LeaderChanged || effects.PriceChanged);
        Assert.Equal(extends ? end + TimeSpan.FromMinutes(1) : end, scenario.Auction.EndsAt);
    }

    public static TheoryData<string, string, decimal, string> RejectedBids => new()
    {
        // case, bidder, maximum, code (Alice leads with 50 at 10; ten seconds before the end)
        { "below the minimum next bid", "Bob", 10.25m, "bid_too_low" },
        { "leader's raise not above their maximum", "Alice", 50m, "bid_too_low" },
        { "the seller", "Seller", 500m, "own_auction" },
    };

    [Theory]
    [MemberData(nameof(RejectedBids))]
    public void RejectedBidsNeverExtend(string @case, string bidder, decimal max, string code)
    {
        var scenario = AuctionScenario.Live();
        scenario.Bid(People.Alice, 50m);
        scenario.BeforeEnd(TimeSpan.FromSeconds(10));

        scenario.AssertRefused(() => scenario.Bid(People.Id(bidder), max), code);
        Assert.True(scenario.Auction.EndsAt == scenario.Auction.ScheduledEndsAt, @case);
    }

    [Fact]
    public void ALateBidIsRejectedAndDoesNotExtend()
    {
        var scenario = AuctionScenario.Live();
        scenario.Bid(People.Alice, 50m);
        scenario.At(scenario.Auction.EndsAt);

        scenario.AssertRefused(() => scenario.Bid(People.Bob, 100m), "auction_not_live");
    }

    public static TheoryData<int, int, int> Caps => new()
    {
        // soft-close minutes, cap in minutes, total extension reached by a bidding war in the last second
        { 2, 30, 30 },
        { 5, 30, 30 },
        { 2, 7, 7 },
        { 2, 1, 1 },
        { 2, 0, 0 },
        { 0, 30, 0 },
    };

    [Theory]
    [MemberData(nameof(Caps))]
    public void ExtensionsStopAtTheCap(int softCloseMinutes, int capMinutes, int expectedMinutes)
    {
        var scenario = AuctionScenario.Live(softCloseMinutes: softCloseMinutes, maxExtensionMinutes: capMinutes);
        var auction = scenario.Auction;
        var cap = auction.ScheduledEndsAt + TimeSpan.FromMinutes(capMinutes);
        var bidders = new[] { People.Alice, People.Bob };
        for (var i = 0; i < 200; i++)
        {
            scenario.BeforeEnd(TimeSpan.FromSeconds(1));
            var endBefore = auction.EndsAt;

            var effects = scenario.Bid(bidders[i % 2], auction.MinimumNextBid);

            Assert.True(effects.LeaderChanged);
            var expectedEnd = softCloseMinutes == 0 ? endBefore : Min(scenario.Now + TimeSpan.FromMinutes(softCloseMinutes), Max(cap, endBefore));
            Assert.Equal(expectedEnd, auction.EndsAt);
            Assert.Equal(expectedEnd != endBefore, effects.Extended);
            Assert.True(auction.EndsAt <= Max(cap, auction.ScheduledEndsAt));
        }

        Assert.Equal(auction.ScheduledEndsAt + TimeSpan.FromMinutes(expectedMinutes), auction.EndsAt);
        scenario.At(auction.EndsAt);
        Assert.Throws<GavelRuleException>(() => scenario.Bid(People.Carol, 10_000m));
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

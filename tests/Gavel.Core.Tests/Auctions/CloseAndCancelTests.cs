using Gavel.Core.Auctions;

namespace Gavel.Core.Tests.Auctions;

public sealed class CloseAndCancelTests
{
    public static TheoryData<string, decimal?, decimal[], string?, decimal?> Closings => new()
    {
        // case, reserve, bids in turn by Alice and Bob, winner, final price
        { "no bids", null, [], null, null },
        { "one bid, no reserve", null, [50m], "Alice", 10m },
        { "a bidding war, no reserve", null, [50m, 80m, 60m], "Bob", 61m },
        { "reserve not met", 100m, [50m], null, null },
        { "reserve not met after a bidding war", 100m, [50m, 99.99m], null, null },
        { "reserve met by the first bid", 100m, [150m], "Alice", 100m },
        { "reserve met by a challenger", 100m, [50m, 100m], "Bob", 100m },
        { "price past the reserve", 100m, [150m, 120m], "Alice", 122.50m },
    };

    [Theory]
    [MemberData(nameof(Closings))]
    public void CloseSetsAWinnerOnlyWhenTheReserveIsMet(string @case, decimal? reserve, decimal[] bids, string? winner, decimal? finalPrice)
    {
        var scenario = AuctionScenario.Live(reserve: reserve);
        scenario.BidInTurn(bids);
        var sequence = scenario.Auction.LastSequence;
        scenario.At(scenario.Auction.EndsAt + TimeSpan.FromMilliseconds(250));

        Assert.True(scenario.Auction.Close(scenario.Now));

        var auction = scenario.Auction;
        Assert.True(People.Name(auction.WinnerId) == (winner ?? "nobody"), $"{@case}: winner {People.Name(auction.WinnerId)}");
        Assert.Equal(finalPrice, auction.FinalPrice);
        Assert.Equal(winner is not null, auction.ReserveMet && auction.BidCount > 0);
        Assert.Equal(scenario.Now, auction.EndedAt);
        Assert.Equal(sequence + 1, auction.LastSequence);
        var move = auction.Transitions[^1];
        AuctionScenario.AssertTransition(move, AuctionStatus.Live, AuctionStatus.Ended, scenario.Now, null);
        Assert.Equal(winner is null ? "ended unsold" : "ended sold", move.Reason);
    }

    [Fact]
    public void CloseBeforeTheEndDoesNothing()
    {
        var scenario = AuctionScenario.Live();
        scenario.Bid(People.Alice, 50m);

        Assert.False(scenario.Auction.Close(scenario.Auction.EndsAt - TimeSpan.FromTicks(1)));

        Assert.Equal(AuctionStatus.Live, scenario.Auction.Status);
        Assert.Null(scenario.Auction.WinnerId);
        Assert.Equal(1, scenario.Auction.LastSequence);
    }

    public static TheoryData<AuctionStatus, bool> CancelWithoutBids => new()
    {
        // from, by an admin (otherwise by the seller)
        { AuctionStatus.Draft, false },
        { AuctionStatus.Scheduled, false },
        { AuctionStatus.Live, false },
        { AuctionStatus.Draft, true },
        { AuctionStatus.Scheduled, true },
        { AuctionStatus.Live, true },
    };

    [Theory]
    [MemberData(nameof(CancelWithoutBids))]
    public void SellerOrAdminCancelsAnAuctionWithoutBids(AuctionStatus from, bool byAdmin)
    {
        var scenario = AuctionScenario.InStatus(from);
        var actor = byAdmin ? People.Admin : People.Seller;
        scenario.At(AuctionScenario.Start + TimeSpan.FromMinutes(5));

        var released = scenario.Auction.Cancel(actor, byAdmin, scenario.Now, "listed by mistake");

        Assert.Null(released);
        var auction = scenario.Auction;
        Assert.Equal(AuctionStatus.Cancelled, auction.Status);
        Assert.Equal(scenario.Now, auction.EndedAt);
        Assert.Null(auction.WinnerId);
        Assert.Equal(1, auction.LastSequence);
        AuctionScenario.AssertTransition(auction.Transitions[^1], from, AuctionStatus.Cancelled, scenario.Now, actor);
        Assert.Equal("listed by mistake", auction.Transitions[^1].Reason);
        scenario.AssertRefused(() => scenario.Bid(People.Alice, 50m), "auction_not_live");
    }

    [Theory]
    [InlineData(new[] { 50.0 })]
    [InlineData(new[] { 50.0, 20.0 })]
    [InlineData(new[] { 50.0, 80.0, 100.0 })]
    public void SellerCannotCancelOnceThereAreBids(double[] bids)
    {
        var scenario = AuctionScenario.Live();
        scenario.BidInTurn(bids.Select(b => (decimal)b));

        scenario.AssertRefused(
            () => scenario.Auction.Cancel(People.Seller, actorIsAdmin: false, scenario.Now, null), "auction_has_bids");
    }

    public static TheoryData<string, decimal[], string, decimal> AdminCancels => new()
    {
        // case, bids in turn by Alice and Bob, leader whose hold is released, amount
        { "one bid", [50m], "Alice", 50m },
        { "challenger lost", [50m, 20m], "Alice", 50m },
        { "challenger took the lead", [50m, 80m], "Bob", 80m },
        { "leader raised after a loss", [50m, 80m, 60m, 120m], "Bob", 120m },
    };

    [Theory]
    [MemberData(nameof(AdminCancels))]
    public void AdminCancelsAnAuctionWithBidsAndReleasesTheLeadersHold(string @case, decimal[] bids, string leader, decimal held)
    {
        var scenario = AuctionScenario.Live();
        scenario.BidInTurn(bids);
        var sequence = scenario.Auction.LastSequence;

        var released = scenario.Auction.Cancel(People.Admin, actorIsAdmin: true, scenario.Now, "counterfeit");

        Assert.True(released == (People.Id(leader), held), $"{@case}: released {released}");
        var auction = scenario.Auction;
        Assert.Equal(AuctionStatus.Cancelled, auction.Status);
        Assert.Equal((null, null, null), (auction.LeaderId, auction.LeaderMaxAmount, auction.WinnerId));
        Assert.Equal(sequence + 1, auction.LastSequence);
        AuctionScenario.AssertTransition(auction.Transitions[^1], AuctionStatus.Live, AuctionStatus.Cancelled, scenario.Now, People.Admin);
        Assert.False(auction.Close(auction.EndsAt));
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(false, 1)]
    [InlineData(true, 0)]
    [InlineData(true, 1)]
    public void NobodyCancelsAnAuctionWhoseEndHasPassedEvenBeforeTheCloserRuns(bool byAdmin, int bids)
    {
        var scenario = AuctionScenario.Live();
        scenario.BidInTurn(Enumerable.Repeat(50m, bids));
        scenario.At(scenario.Auction.EndsAt);

        scenario.AssertRefused(
            () => scenario.Auction.Cancel(byAdmin ? People.Admin : People.Seller, byAdmin, scenario.Now, null), "auction_not_live");
        Assert.True(scenario.Auction.Close(scenario.Now));
        Assert.Equal(bids > 0 ? People.Alice : null, scenario.Auction.WinnerId);
    }

    [Fact]
    public void ADraftPastItsEndCanStillBeCancelled()
    {
        var scenario = new AuctionScenario();
        scenario.At(scenario.Auction.EndsAt + TimeSpan.FromDays(1));

        Assert.Null(scenario.Auction.Cancel(People.Seller, actorIsAdmin: false, scenario.Now, null));
        Assert.Equal(AuctionStatus.Cancelled, scenario.Auction.Status);
    }
}

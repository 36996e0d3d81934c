using Gavel.Core.Auctions;
using Gavel.Core.Common;

namespace Gavel.Core.Tests.Auctions;

/// <summary>draft -> scheduled -> live -> ended -> settled, with cancelled; only legal moves, each recorded.</summary>
public sealed class AuctionLifecycleTests
{
    private static readonly DateTimeOffset Start = AuctionScenario.Start;

    public static TheoryData<string, TimeSpan?, TimeSpan, AuctionStatus> Publishing => new()
    {
        // case, start (from now), duration (from the start, or from now without one), expected status
        { "no start time goes live now", null, TimeSpan.FromHours(1), AuctionStatus.Live },
        { "start time in the past goes live now", TimeSpan.FromHours(-1), TimeSpan.FromHours(3), AuctionStatus.Live },
        { "start time exactly now goes live", TimeSpan.Zero, TimeSpan.FromHours(1), AuctionStatus.Live },
        { "start time in the future is scheduled", TimeSpan.FromHours(1), TimeSpan.FromHours(1), AuctionStatus.Scheduled },
        { "a tick in the future is scheduled", TimeSpan.FromTicks(1), TimeSpan.FromHours(1), AuctionStatus.Scheduled },
        { "exactly the minimum duration", null, AuctionScenario.MinimumDuration, AuctionStatus.Live },
    };

    [Theory]
    [MemberData(nameof(Publishing))]
    public void PublishGoesLiveOrScheduledAndRecordsTheMove(string @case, TimeSpan? startsIn, TimeSpan duration, AuctionStatus expected)
    {
        var scenario = new AuctionScenario(startsIn: startsIn, duration: duration);

        scenario.Publish();

        var auction = scenario.Auction;
        Assert.True(auction.Status == expected, $"{@case}: {auction.Status}");
        Assert.Equal(startsIn > TimeSpan.Zero ? Start + startsIn : Start, auction.StartsAt);
        var move = Assert.Single(auction.Transitions);
        AuctionScenario.AssertTransition(move, AuctionStatus.Draft, expected, Start, People.Seller);
        Assert.Equal(auction.Id, move.AuctionId);
    }

    public static TheoryData<string, TimeSpan?, TimeSpan> TooShort => new()
    {
        // case, start (from now), end (from now)
        { "a tick under the minimum", null, AuctionScenario.MinimumDuration - TimeSpan.FromTicks(1) },
        { "ends when it starts", TimeSpan.FromHours(1), TimeSpan.FromHours(1) },
        { "ends before it starts", TimeSpan.FromHours(1), TimeSpan.FromMinutes(30) },
        { "a past start does not count towards the length", TimeSpan.FromHours(-1), TimeSpan.FromSeconds(30) },
        { "ends in the past", null, TimeSpan.FromMinutes(-1) },
    };

    [Theory]
    [MemberData(nameof(TooShort))]
    public void PublishingTooShortAnAuctionIsRefused(string @case, TimeSpan? startsIn, TimeSpan endsIn)
    {
        var scenario = new AuctionScenario(startsIn: startsIn);
        scenario.Auction.EndsAt = Start + endsIn;
        var startsAt = scenario.Auction.StartsAt;

        var error = Assert.Throws<GavelRuleException>(scenario.Publish);

        Assert.True(error.Code == "auction_too_short", $"{@case}: {error.Code}");
        Assert.Equal(422, error.Status);
        Assert.Equal(AuctionStatus.Draft, scenario.Auction.Status);
        Assert.Equal(startsAt, scenario.Auction.StartsAt);
        Assert.Empty(scenario.Auction.Transitions);
    }

    [Fact]
    public void FullLifeRecordsEveryMoveWithTimeAndActor()
    {
        var scenario = new AuctionScenario(startsIn: TimeSpan.FromHours(1));
        var auction = scenario.Auction;

        scenario.Publish();
        scenario.At(Start + TimeSpan.FromMinutes(59));
        Assert.False(auction.Activate(scenario.Now));
        scenario.At(Start + TimeSpan.FromMinutes(61));
        Assert.True(auction.Activate(scenario.Now));
        Assert.False(auction.Activate(scenario.Now));
        scenario.At(auction.EndsAt - TimeSpan.FromTicks(1));
        Assert.False(auction.Close(scenario.Now));
        scenario.At(auction.EndsAt + TimeSpan.FromSeconds(3));
        Assert.True(auction.Close(scenario.Now));
        Assert.False(auction.Close(scenario.Now));
        auction.MarkSettled(scenario.Now + TimeSpan.FromSeconds(1));

        // Going live is recorded at the start time, not when Activate ran: bids were accepted from then on.
        Assert.Collection(
            auction.Transitions,
            t => AuctionScenario.AssertTransition(t, AuctionStatus.Draft, AuctionStatus.Scheduled, Start, People.Seller),
            t => AuctionScenario.AssertTransition(t, AuctionStatus.Scheduled, AuctionStatus.Live, Start + TimeSpan.FromHours(1), null),
            t => AuctionScenario.AssertTransition(t, AuctionStatus.Live, AuctionStatus.Ended, Start + TimeSpan.FromHours(2) + TimeSpan.FromSeconds(3), null),
            t => AuctionScenario.AssertTransition(t, AuctionStatus.Ended, AuctionStatus.Settled, Start + TimeSpan.FromHours(2) + TimeSpan.FromSeconds(4), null));
        Assert.Equal(AuctionStatus.Settled, auction.Status);
        Assert.Equal(Start + TimeSpan.FromHours(2) + TimeSpan.FromSeconds(3), auction.EndedAt);
        Assert.Equal(Start + TimeSpan.FromHours(2) + TimeSpan.FromSeconds(4), auction.SettledAt);
    }

    [Fact]
    public void ClosingAScheduledAuctionWhoseEndHasPassedTakesItThroughLive()
    {
        var scenario = new AuctionScenario(startsIn: TimeSpan.FromHours(1));
        scenario.Publish();
        scenario.At(scenario.Auction.EndsAt);

        Assert.True(scenario.Auction.Close(scenario.Now));

        Assert.Equal(
            [AuctionStatus.Scheduled, AuctionStatus.Live, AuctionStatus.Ended],
            scenario.Auction.Transitions.Select(t => t.To));
    }

    [Fact]
    public void GoingLiveByItselfIsOneSequencedEventAndTheNextBidTakesTheNextNumber()
    {
        var scenario = new AuctionScenario(startsIn: TimeSpan.FromHours(1));
        scenario.Publish();
        Assert.Equal(0, scenario.Auction.LastSequence);
        scenario.At(scenario.Auction.StartsAt!.Value);

        Assert.True(scenario.Auction.Activate(scenario.Now));
        Assert.Equal(1, scenario.Auction.LastSequence);
        Assert.False(scenario.Auction.Activate(scenario.Now + TimeSpan.FromMinutes(1)));
        Assert.Equal(1, scenario.Auction.LastSequence);

        Assert.Equal(2, scenario.Bid(People.Alice, 50m).Bid.Sequence);
        Assert.Equal(2, scenario.Auction.LastSequence);
    }

    [Theory]
    [InlineData("bid")]
    [InlineData("buy now")]
    [InlineData("close")]
    public void AStepThatTakesAScheduledAuctionLiveOnTheWayIsStillOneEvent(string step)
    {
        var scenario = new AuctionScenario(buyNow: 200m, startsIn: TimeSpan.FromHours(1));
        scenario.Publish();
        scenario.At(step == "close" ? scenario.Auction.EndsAt : scenario.Auction.StartsAt!.Value);

        switch (step)
        {
            case "bid":
                Assert.Equal(1, scenario.Bid(People.Alice, 50m).Bid.Sequence);
                break;
            case "buy now":
                scenario.Auction.BuyNow(People.Carol, scenario.Now);
                break;
            default:
                Assert.True(scenario.Auction.Close(scenario.Now));
                break;
        }

        Assert.Equal(1, scenario.Auction.LastSequence);
        Assert.Contains(scenario.Auction.Transitions, t => t.To == AuctionStatus.Live);
    }

    public static TheoryData<AuctionStatus, string, string> IllegalMoves => new()
    {
        // from, action, expected code
        { AuctionStatus.Scheduled, "publish", "invalid_state" },
        { AuctionStatus.Live, "publish", "invalid_state" },
        { AuctionStatus.Ended, "publish", "auction_not_live" },
        { AuctionStatus.Settled, "publish", "auction_not_live" },
        { AuctionStatus.Cancelled, "publish", "auction_not_live" },
        { AuctionStatus.Ended, "cancel", "auction_not_live" },
        { AuctionStatus.Settled, "cancel", "auction_not_live" },
        { AuctionStatus.Cancelled, "cancel", "auction_not_live" },
        { AuctionStatus.Draft, "settle", "invalid_state" },
        { AuctionStatus.Scheduled, "settle", "invalid_state" },
        { AuctionStatus.Live, "settle", "invalid_state" },
        { AuctionStatus.Settled, "settle", "auction_not_live" },
        { AuctionStatus.Cancelled, "settle", "auction_not_live" },
    };

    [Theory]
    [MemberData(nameof(IllegalMoves))]
    public void IllegalMovesAreRefusedAndLeaveNoTrace(AuctionStatus from, string action, string code)
    {
        var scenario = AuctionScenario.InStatus(from);
        var auction = scenario.Auction;
        var moves = auction.Transitions.Count;
        var sequence = auction.LastSequence;
        Action move = action switch
        {
            "publish" => scenario.Publish,
            "cancel" => () => auction.Cancel(People.Admin, actorIsAdmin: true, scenario.Now, null),
            _ => () => auction.MarkSettled(scenario.Now),
        };

        var error = Assert.Throws<GavelRuleException>(move);

        Assert.Equal(code, error.Code);
        Assert.Equal(from, auction.Status);
        Assert.Equal(moves, auction.Transitions.Count);
        Assert.Equal(sequence, auction.LastSequence);
    }

    [Theory]
    [InlineData(AuctionStatus.Draft)]
    [InlineData(AuctionStatus.Live)]
    [InlineData(AuctionStatus.Ended)]
    [InlineData(AuctionStatus.Settled)]
    [InlineData(AuctionStatus.Cancelled)]
    public void OnlyAScheduledAuctionActivates(AuctionStatus status)
    {
        var scenario = AuctionScenario.InStatus(status);
        var moves = scenario.Auction.Transitions.Count;

        Assert.False(scenario.Auction.Activate(scenario.Now + TimeSpan.FromDays(1)));

        Assert.Equal(status, scenario.Auction.Status);
        Assert.Equal(moves, scenario.Auction.Transitions.Count);
    }

    [Theory]
    [InlineData(AuctionStatus.Draft)]
    [InlineData(AuctionStatus.Ended)]
    [InlineData(AuctionStatus.Settled)]
    [InlineData(AuctionStatus.Cancelled)]
    public void OnlyALiveOrScheduledAuctionCloses(AuctionStatus status)
    {
        var scenario = AuctionScenario.InStatus(status);
        var moves = scenario.Auction.Transitions.Count;
        var sequence = scenario.Auction.LastSequence;

        Assert.False(scenario.Auction.Close(scenario.Auction.EndsAt + TimeSpan.FromDays(1)));

        Assert.Equal(status, scenario.Auction.Status);
        Assert.Equal(moves, scenario.Auction.Transitions.Count);
        Assert.Equal(sequence, scenario.Auction.LastSequence);
    }
}

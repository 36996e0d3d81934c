using Gavel.Core.Auctions;
using Gavel.Core.Bidding;
using Gavel.Core.Common;
using Microsoft.Extensions.Time.Testing;

namespace Gavel.Core.Tests.Auctions;

/// <summary>
/// An auction under test with its own fake clock. Defaults: starting price 10, no reserve or buy-now, one hour
/// from <see cref="Start"/>, soft close 2 minutes capped at 30.
/// </summary>
internal sealed class AuctionScenario
{
    public static readonly DateTimeOffset Start = new(2030, 1, 7, 12, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan MinimumDuration = TimeSpan.FromMinutes(1);

    private readonly HashSet<Guid> bidders = [];

    public AuctionScenario(
        decimal startingPrice = 10m,
        decimal? reserve = null,
        decimal? buyNow = null,
        TimeSpan? startsIn = null,
        TimeSpan? duration = null,
        int softCloseMinutes = 2,
        int maxExtensionMinutes = 30,
        IncrementTable? increments = null)
    {
        var startsAt = startsIn is { } delay ? Start + delay : (DateTimeOffset?)null;
        var endsAt = (startsAt ?? Start) + (duration ?? TimeSpan.FromHours(1));
        Auction = new Auction
        {
            SellerId = People.Seller,
            Title = "Brass telescope",
            Description = "Victorian, working optics.",
            CategoryId = 1,
            StartingPrice = startingPrice,
            ReservePrice = reserve,
            BuyNowPrice = buyNow,
            StartsAt = startsAt,
            EndsAt = endsAt,
            ScheduledEndsAt = endsAt,
            SoftCloseMinutes = softCloseMinutes,
            MaxExtensionMinutes = maxExtensionMinutes,
            IncrementTableJson = increments?.ToJson(),
            CreatedAt = Start,
        };
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    public Auction Auction { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public static AuctionScenario Live(decimal? reserve = null, decimal? buyNow = null, int softCloseMinutes = 2, int maxExtensionMinutes = 30)
    {
        var scenario = new AuctionScenario(reserve: reserve, buyNow: buyNow, softCloseMinutes: softCloseMinutes, maxExtensionMinutes: maxExtensionMinutes);
        scenario.Publish();
        return scenario;
    }

    /// <summary>An auction brought to <paramref name="status"/> along legal transitions, with no bids.</summary>
    public static AuctionScenario InStatus(AuctionStatus status)
    {
        var scenario = new AuctionScenario(startsIn: status == AuctionStatus.Scheduled ? TimeSpan.FromHours(1) : null);
        if (status == AuctionStatus.Draft)
        {
            return scenario;
        }

        scenario.Publish();
        switch (status)
        {
            case AuctionStatus.Ended or AuctionStatus.Settled:
                scenario.Clock.SetUtcNow(scenario.Auction.EndsAt);
                Assert.True(scenario.Auction.Close(scenario.Now));
                if (status == AuctionStatus.Settled)
                {
                    scenario.Auction.MarkSettled(scenario.Now);
                }

                break;
            case AuctionStatus.Cancelled:
                scenario.Auction.Cancel(People.Seller, actorIsAdmin: false, scenario.Now, "changed my mind");
                break;
        }

        Assert.Equal(status, scenario.Auction.Status);
        return scenario;
    }

    public void Publish() => Auction.Publish(People.Seller, Now, MinimumDuration);

    public BidEffects Bid(Guid bidder, decimal max)
    {
        var effects = Auction.PlaceBid(bidder, People.Name(bidder), !bidders.Contains(bidder), max, Now);
        bidders.Add(bidder);
        return effects;
    }

    /// <summary>Places bids in order, alternating Alice and Bob (Alice first).</summary>
    public void BidInTurn(IEnumerable<decimal> maxima)
    {
        var turn = 0;
        foreach (var max in maxima)
        {
            Bid(turn++ % 2 == 0 ? People.Alice : People.Bob, max);
        }
    }

    public void At(DateTimeOffset now) => Clock.SetUtcNow(now);

    /// <summary>Moves the clock to <paramref name="beforeEnd"/> before the auction's current (extended) end.</summary>
    public void BeforeEnd(TimeSpan beforeEnd) => Clock.SetUtcNow(Auction.EndsAt - beforeEnd);

    /// <summary>Asserts the rule breach and that the auction is exactly as it was before the attempt.</summary>
    public GavelRuleException AssertRefused(Action attempt, string code)
    {
        var auction = Auction;
        var before = (auction.Status, auction.CurrentPrice, auction.LeaderId, auction.LeaderMaxAmount, auction.BidCount,
            auction.BidderCount, auction.LastSequence, auction.EndsAt, auction.Transitions.Count);

        var error = Assert.Throws<GavelRuleException>(attempt);

        Assert.Equal(code, error.Code);
        Assert.Equal(before, (auction.Status, auction.CurrentPrice, auction.LeaderId, auction.LeaderMaxAmount, auction.BidCount,
            auction.BidderCount, auction.LastSequence, auction.EndsAt, auction.Transitions.Count));
        return error;
    }

    public static void AssertTransition(AuctionTransition t, AuctionStatus from, AuctionStatus to, DateTimeOffset at, Guid? actor)
    {
        Assert.Equal((from, to), (t.From, t.To));
        Assert.Equal(at, t.At);
        Assert.Equal(People.Name(actor), People.Name(t.ActorId));
    }
}

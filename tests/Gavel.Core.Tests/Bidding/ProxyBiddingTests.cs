using Gavel.Core.Bidding;

namespace Gavel.Core.Tests.Bidding;

public sealed class ProxyBiddingTests
{
    public static TheoryData<string, decimal, decimal> FirstBids => new()
    {
        // case, Bob's maximum, expected price (starting price 10, no reserve)
        { "exactly the starting price", 10.00m, 10.00m },
        { "a cent above the starting price", 10.01m, 10.00m },
        { "well above the starting price", 50.00m, 10.00m },
        { "far above the starting price", 1_000_000.00m, 10.00m },
    };

    [Theory]
    [MemberData(nameof(FirstBids))]
    public void FirstBidLeadsAtTheStartingPrice(string @case, decimal bobMax, decimal expectedPrice) =>
        Proxy.AssertOutcome(@case, new(expectedPrice, People.Bob, bobMax), ProxyBidding.Apply(Proxy.Opening(), People.Bob, bobMax));

    [Theory]
    [InlineData(9.99)]
    [InlineData(0.01)]
    [InlineData(0)]
    [InlineData(-10)]
    public void FirstBidBelowTheStartingPriceIsTooLowAndNamesTheStartingPrice(decimal bobMax) =>
        Proxy.AssertTooLow(() => ProxyBidding.Apply(Proxy.Opening(), People.Bob, bobMax), 10.00m);

    public static TheoryData<string, decimal, decimal, decimal, decimal> ChallengersBelowTheLeader => new()
    {
        // case, price, Alice's max, Bob's max, expected price (Alice keeps the lead)
        { "Bob bids the minimum next bid", 10.00m, 50.00m, 10.50m, 11.00m },
        { "Bob's max plus the increment at Bob's max", 10.00m, 50.00m, 20.00m, 20.50m },
        { "increment taken at Bob's max, not at the price", 10.00m, 50.00m, 30.00m, 31.00m },
        { "capped at Alice's max", 10.00m, 50.00m, 49.50m, 50.00m },
        { "capped at Alice's max from a cent below her", 10.00m, 50.00m, 49.99m, 50.00m },
        { "just under the cap", 10.00m, 50.00m, 48.99m, 49.99m },
        { "from a price already raised", 30.00m, 50.00m, 31.00m, 32.00m },
    };

    [Theory]
    [MemberData(nameof(ChallengersBelowTheLeader))]
    public void ChallengerBelowTheLeaderMaxRaisesThePriceButLeavesTheLeader(
        string @case, decimal price, decimal aliceMax, decimal bobMax, decimal expectedPrice) =>
        Proxy.AssertOutcome(
            @case, new(expectedPrice, People.Alice, aliceMax), ProxyBidding.Apply(Proxy.AliceLeads(price, aliceMax), People.Bob, bobMax));

    public static TheoryData<string, decimal, decimal, decimal, decimal> ChallengersAboveTheLeader => new()
    {
        // case, price, Alice's max, Bob's max, expected price (Bob takes the lead)
        { "Alice's max plus the increment at Alice's max", 10.00m, 50.00m, 100.00m, 51.00m },
        { "capped at Bob's max", 10.00m, 50.00m, 50.50m, 50.50m },
        { "a cent above Alice", 10.00m, 50.00m, 50.01m, 50.01m },
        { "increment taken at Alice's max, not at the price", 10.00m, 24.99m, 30.00m, 25.49m },
        { "Alice's max a band higher", 10.00m, 25.00m, 30.00m, 26.00m },
        { "Alice already led at her max", 50.00m, 50.00m, 51.00m, 51.00m },
        { "Bob far above", 10.00m, 100.00m, 5_000.00m, 102.50m },
    };

    [Theory]
    [MemberData(nameof(ChallengersAboveTheLeader))]
    public void ChallengerAboveTheLeaderMaxTakesTheLead(
        string @case, decimal price, decimal aliceMax, decimal bobMax, decimal expectedPrice) =>
        Proxy.AssertOutcome(
            @case, new(expectedPrice, People.Bob, bobMax), ProxyBidding.Apply(Proxy.AliceLeads(price, aliceMax), People.Bob, bobMax));

    [Theory]
    [InlineData(10.00, 30.00)]
    [InlineData(10.00, 50.00)]
    [InlineData(45.00, 50.00)]
    [InlineData(49.00, 50.00)]
    [InlineData(100.00, 102.50)]
    public void EqualMaximumLeavesTheEarlierBidderLeadingAtThatAmount(decimal price, decimal max) =>
        Proxy.AssertOutcome("equal maxima", new(max, People.Alice, max), ProxyBidding.Apply(Proxy.AliceLeads(price, max), People.Bob, max));

    public static TheoryData<string, decimal, decimal, decimal> ChallengersBelowTheMinimum => new()
    {
        // case, price, Bob's max, expected minimum (Alice leads with 50, starting price 10)
        { "at the price", 10.00m, 10.00m, 10.50m },
        { "a cent below the minimum", 10.00m, 10.49m, 10.50m },
        { "below the price", 20.00m, 15.00m, 20.50m },
        { "minimum in a higher band", 30.00m, 30.99m, 31.00m },
    };

    [Theory]
    [MemberData(nameof(ChallengersBelowTheMinimum))]
    public void ChallengerBelowTheMinimumNextBidIsTooLowAndNamesTheMinimum(
        string @case, decimal price, decimal bobMax, decimal expectedMinimum)
    {
        var state = Proxy.AliceLeads(price, 50.00m);

        Assert.True(state.MinimumNextBid == expectedMinimum, $"{@case}: minimum next bid is {state.MinimumNextBid}");
        Proxy.AssertTooLow(() => ProxyBidding.Apply(state, People.Bob, bobMax), expectedMinimum);
    }

    [Theory]
    [InlineData(10.00, 50.00, 50.01)]
    [InlineData(10.00, 50.00, 80.00)]
    [InlineData(20.00, 50.00, 1_000.00)]
    [InlineData(50.00, 50.00, 60.00)]
    public void LeaderRaisesTheirMaximumWithoutRaisingThePrice(decimal price, decimal aliceMax, decimal raiseTo) =>
        Proxy.AssertOutcome(
            "raise", new(price, People.Alice, raiseTo), ProxyBidding.Apply(Proxy.AliceLeads(price, aliceMax), People.Alice, raiseTo));

    [Theory]
    [InlineData(50.00)]
    [InlineData(49.99)]
    [InlineData(20.50)]
    [InlineData(5.00)]
    public void LeaderRaiseMustExceedTheirOwnMaximum(decimal raiseTo) =>
        Proxy.AssertTooLow(() => ProxyBidding.Apply(Proxy.AliceLeads(20.00m, 50.00m), People.Alice, raiseTo), 50.01m);
}

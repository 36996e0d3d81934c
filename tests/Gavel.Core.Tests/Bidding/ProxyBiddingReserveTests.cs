using Gavel.Core.Bidding;

namespace Gavel.Core.Tests.Bidding;

/// <summary>The hidden reserve: once the leader's maximum reaches it, the price rises to at least the reserve.</summary>
public sealed class ProxyBiddingReserveTests
{
    public static TheoryData<string, decimal, decimal> FirstBids => new()
    {
        // case, Bob's maximum, expected price (starting price 10, reserve 100)
        { "below the reserve", 50.00m, 10.00m },
        { "a cent below the reserve", 99.99m, 10.00m },
        { "exactly the reserve", 100.00m, 100.00m },
        { "above the reserve", 150.00m, 100.00m },
    };

    [Theory]
    [MemberData(nameof(FirstBids))]
    public void FirstBidMeetingTheReserveLeadsAtTheReserve(string @case, decimal bobMax, decimal expectedPrice) =>
        Proxy.AssertOutcome(
            @case, new(expectedPrice, People.Bob, bobMax), ProxyBidding.Apply(Proxy.Opening(reserve: 100m), People.Bob, bobMax));

    [Fact]
    public void ReserveEqualToTheStartingPriceIsMetByTheFirstBid() =>
        Proxy.AssertOutcome(
            "reserve = start", new(10m, People.Bob, 30m), ProxyBidding.Apply(Proxy.Opening(reserve: 10m), People.Bob, 30m));

    public static TheoryData<string, decimal, decimal, decimal, string, decimal> Challenges => new()
    {
        // case, price, Alice's max, Bob's max, expected leader, expected price (starting 10, reserve 100)
        { "Bob wins and his max passes the reserve", 10.00m, 50.00m, 120.00m, "Bob", 100.00m },
        { "Bob wins with a max exactly at the reserve", 10.00m, 50.00m, 100.00m, "Bob", 100.00m },
        { "Bob wins, still below the reserve", 10.00m, 50.00m, 80.00m, "Bob", 51.00m },
        { "Bob wins from just below the reserve", 10.00m, 90.00m, 95.00m, "Bob", 91.00m },
        { "Bob loses, Alice below the reserve", 10.00m, 90.00m, 60.00m, "Alice", 61.00m },
        { "Bob loses to Alice who met the reserve", 100.00m, 200.00m, 110.00m, "Alice", 112.50m },
        { "Bob wins over Alice who met the reserve", 100.00m, 150.00m, 200.00m, "Bob", 152.50m },
        { "Bob wins a cent above Alice at the reserve", 100.00m, 100.00m, 102.50m, "Bob", 102.50m },
        { "Bob equals Alice above the reserve", 100.00m, 150.00m, 150.00m, "Alice", 150.00m },
    };

    [Theory]
    [MemberData(nameof(Challenges))]
    public void ChallengerAgainstAReserve(string @case, decimal price, decimal aliceMax, decimal bobMax, string leader, decimal expectedPrice)
    {
        var outcome = ProxyBidding.Apply(Proxy.AliceLeads(price, aliceMax, reserve: 100m), People.Bob, bobMax);

        Proxy.AssertOutcome(@case, new(expectedPrice, People.Id(leader), Math.Max(aliceMax, bobMax)), outcome);
    }

    public static TheoryData<string, decimal, decimal, decimal, decimal> Raises => new()
    {
        // case, price, Alice's max, Alice's new max, expected price (starting 10, reserve 100)
        { "raise staying below the reserve", 20.00m, 50.00m, 99.99m, 20.00m },
        { "raise to exactly the reserve", 20.00m, 50.00m, 100.00m, 100.00m },
        { "raise past the reserve", 20.00m, 50.00m, 500.00m, 100.00m },
        { "raise after the reserve was met", 100.00m, 150.00m, 300.00m, 100.00m },
        { "raise when the price is above the reserve", 120.00m, 150.00m, 300.00m, 120.00m },
    };

    [Theory]
    [MemberData(nameof(Raises))]
    public void LeaderRaiseCrossingTheReserveMovesThePriceToTheReserve(
        string @case, decimal price, decimal aliceMax, decimal raiseTo, decimal expectedPrice) =>
        Proxy.AssertOutcome(
            @case,
            new(expectedPrice, People.Alice, raiseTo),
            ProxyBidding.Apply(Proxy.AliceLeads(price, aliceMax, reserve: 100m), People.Alice, raiseTo));
}

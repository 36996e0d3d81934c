using Gavel.Core.Bidding;

namespace Gavel.Core.Tests.Bidding;

/// <summary>Increments at every band edge of API.md's table, and a custom table.</summary>
public sealed class ProxyBiddingIncrementTests
{
    // amount, increment at that amount: both sides of every band edge of API.md's table
    private static readonly (decimal Amount, decimal Increment)[] Edges =
    [
        (0.00m, 0.05m), (0.99m, 0.05m),
        (1.00m, 0.25m), (4.99m, 0.25m),
        (5.00m, 0.50m), (24.99m, 0.50m),
        (25.00m, 1.00m), (99.99m, 1.00m),
        (100.00m, 2.50m), (249.99m, 2.50m),
        (250.00m, 5.00m), (499.99m, 5.00m),
        (500.00m, 10.00m), (999.99m, 10.00m),
        (1_000.00m, 25.00m), (2_499.99m, 25.00m),
        (2_500.00m, 50.00m), (4_999.99m, 50.00m),
        (5_000.00m, 100.00m), (1_000_000.00m, 100.00m),
    ];

    private const decimal FarAbove = 10_000_000m;

    public static TheoryData<decimal, decimal> BandEdges => ToTheoryData(Edges);

    /// <summary>A challenger's maximum must be at least the minimum next bid (0.05 over a zero price).</summary>
    public static TheoryData<decimal, decimal> BandEdgesAboveZero => ToTheoryData(Edges.Where(e => e.Amount > 0m));

    [Theory]
    [MemberData(nameof(BandEdges))]
    public void DefaultTableMatchesTheApiTable(decimal amount, decimal increment) =>
        Assert.Equal(increment, IncrementTable.Default.IncrementAt(amount));

    [Theory]
    [MemberData(nameof(BandEdges))]
    public void MinimumNextBidIsThePricePlusTheIncrementAtThePrice(decimal price, decimal increment)
    {
        var state = Proxy.AliceLeads(price, FarAbove, startingPrice: 0m);

        Assert.Equal(price + increment, state.MinimumNextBid);
        Proxy.AssertTooLow(() => ProxyBidding.Apply(state, People.Bob, price + increment - 0.01m), price + increment);
        Assert.Equal(People.Alice, ProxyBidding.Apply(state, People.Bob, price + increment).LeaderId);
    }

    [Theory]
    [MemberData(nameof(BandEdgesAboveZero))]
    public void LosingChallengerSetsThePriceOneIncrementAtTheirMaxAbove(decimal bobMax, decimal increment)
    {
        var state = Proxy.AliceLeads(price: 0m, leaderMax: FarAbove, startingPrice: 0m);

        Proxy.AssertOutcome($"Bob at {bobMax}", new(bobMax + increment, People.Alice, FarAbove), ProxyBidding.Apply(state, People.Bob, bobMax));
    }

    [Theory]
    [MemberData(nameof(BandEdges))]
    public void WinningChallengerPaysOneIncrementAtTheLeaderMaxAbove(decimal aliceMax, decimal increment)
    {
        var state = Proxy.AliceLeads(price: 0m, leaderMax: aliceMax, startingPrice: 0m);

        Proxy.AssertOutcome(
            $"Alice at {aliceMax}", new(aliceMax + increment, People.Bob, FarAbove), ProxyBidding.Apply(state, People.Bob, FarAbove));
    }

    private static readonly IncrementTable Custom = new([new(0m, 1m), new(10m, 5m), new(100m, 20m)]);

    public static TheoryData<string, decimal, decimal, decimal, string, decimal> CustomTableChallenges => new()
    {
        // case, price, Alice's max, Bob's max, expected leader, expected price (increments 1 / 5 from 10 / 20 from 100)
        { "Bob loses in the first band", 5m, 50m, 8m, "Alice", 9m },
        { "Bob loses across the band edge", 5m, 50m, 9m, "Alice", 10m },
        { "Bob loses in the second band", 5m, 50m, 12m, "Alice", 17m },
        { "Bob wins by the increment at Alice's max", 5m, 50m, 60m, "Bob", 55m },
        { "Bob wins in the third band", 5m, 100m, 500m, "Bob", 120m },
    };

    [Theory]
    [MemberData(nameof(CustomTableChallenges))]
    public void AuctionsMayCarryTheirOwnIncrementTable(
        string @case, decimal price, decimal aliceMax, decimal bobMax, string leader, decimal expectedPrice)
    {
        var outcome = ProxyBidding.Apply(Proxy.AliceLeads(price, aliceMax, startingPrice: 1m, increments: Custom), People.Bob, bobMax);

        Proxy.AssertOutcome(@case, new(expectedPrice, People.Id(leader), Math.Max(aliceMax, bobMax)), outcome);
    }

    [Theory]
    [InlineData(5, 6)]
    [InlineData(9, 10)]
    [InlineData(10, 15)]
    [InlineData(99, 104)]
    [InlineData(100, 120)]
    public void CustomTableSetsTheMinimumNextBid(decimal price, decimal minimum) =>
        Proxy.AssertTooLow(
            () => ProxyBidding.Apply(Proxy.AliceLeads(price, 1_000m, startingPrice: 1m, increments: Custom), People.Bob, minimum - 0.01m),
            minimum);

    private static TheoryData<decimal, decimal> ToTheoryData(IEnumerable<(decimal Amount, decimal Increment)> edges)
    {
        var data = new TheoryData<decimal, decimal>();
        foreach (var (amount, increment) in edges)
        {
            data.Add(amount, increment);
        }

        return data;
    }
}

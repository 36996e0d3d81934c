using Gavel.Core.Bidding;
using Gavel.Core.Common;

namespace Gavel.Core.Tests.Bidding;

/// <summary>Whole auctions bid by bid, against hand-computed expectations and against the rules' invariants.</summary>
public sealed class ProxyBiddingReplayTests
{
    /// <summary>One bid and what must follow: the leader and price, or a rejection naming the minimum.</summary>
    private sealed record Step(string Bidder, decimal Max, string? Leader, decimal PriceOrMinimum);

    private sealed record Script(decimal StartingPrice, decimal? Reserve, Step[] Steps);

    private static Step Leads(string bidder, decimal max, string leader, decimal price) => new(bidder, max, leader, price);

    private static Step TooLow(string bidder, decimal max, decimal minimum) => new(bidder, max, null, minimum);

    private static readonly Dictionary<string, Script> Scripts = new()
    {
        // eBay's help walks through the same moves: the first bid shows the starting price, a lower challenger
        // lifts the leader one increment above the challenger, a tie goes to the earlier bid, a new leader pays
        // one increment over the old maximum, and a leader may raise quietly.
        ["eBay-style walk-through, no reserve"] = new(10.00m, null,
        [
            Leads("A", 15.00m, "A", 10.00m),
            Leads("B", 12.00m, "A", 12.50m),
            TooLow("C", 12.75m, 13.00m),
            Leads("C", 15.00m, "A", 15.00m),
            Leads("B", 20.00m, "B", 15.50m),
            Leads("B", 30.00m, "B", 15.50m),
            Leads("A", 24.99m, "B", 25.49m),
            Leads("A", 40.00m, "A", 31.00m),
            TooLow("A", 40.00m, 40.01m),
            Leads("C", 45.00m, "C", 41.00m),
            TooLow("B", 41.99m, 42.00m),
            Leads("B", 42.00m, "C", 43.00m),
        ]),
        ["reserve met part way through"] = new(1.00m, 50.00m,
        [
            Leads("A", 20.00m, "A", 1.00m),
            Leads("B", 5.00m, "A", 5.50m),
            Leads("B", 30.00m, "B", 20.50m),
            Leads("A", 60.00m, "A", 50.00m),
            Leads("B", 55.00m, "A", 56.00m),
            Leads("B", 60.00m, "A", 60.00m),
            Leads("C", 61.00m, "C", 61.00m),
        ]),
        ["climbing through the bands"] = new(0.50m, null,
        [
            Leads("A", 0.99m, "A", 0.50m),
            Leads("B", 4.99m, "B", 1.04m),
            Leads("A", 24.99m, "A", 5.24m),
            Leads("B", 99.99m, "B", 25.49m),
            Leads("A", 249.99m, "A", 100.99m),
            Leads("B", 999.99m, "B", 252.49m),
            Leads("A", 4_999.99m, "A", 1_009.99m),
            Leads("B", 5_000.00m, "B", 5_000.00m),
            TooLow("A", 5_099.99m, 5_100.00m),
            Leads("A", 5_100.00m, "A", 5_100.00m),
        ]),
        ["leader raises past the reserve, then is challenged"] = new(10.00m, 100.00m,
        [
            Leads("A", 40.00m, "A", 10.00m),
            Leads("B", 30.00m, "A", 31.00m),
            Leads("A", 150.00m, "A", 100.00m),
            TooLow("B", 102.49m, 102.50m),
            Leads("B", 102.50m, "A", 105.00m),
            Leads("B", 200.00m, "B", 152.50m),
        ]),
    };

    public static TheoryData<string> ScriptNames => new(Scripts.Keys);

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public void ReplayMatchesHandComputedPrices(string script)
    {
        var (startingPrice, reserve, steps) = Scripts[script];
        var state = Proxy.Opening(startingPrice, reserve);
        for (var i = 0; i < steps.Length; i++)
        {
            var step = steps[i];
            var what = $"{script}, step {i + 1}: {step.Bidder} bids {step.Max}";
            if (step.Leader is null)
            {
                var error = Assert.Throws<GavelRuleException>(() => ProxyBidding.Apply(state, People.Id(step.Bidder), step.Max));
                Assert.True(
                    error.Code == "bid_too_low" && (decimal)error.Extensions["minimumBid"]! == step.PriceOrMinimum,
                    $"{what}: expected bid_too_low with minimum {step.PriceOrMinimum}, got {error.Code} {error.Message}");
                continue;
            }

            var outcome = ProxyBidding.Apply(state, People.Id(step.Bidder), step.Max);
            Assert.True(
                outcome.LeaderId == People.Id(step.Leader) && outcome.Price == step.PriceOrMinimum,
                $"{what}: expected {step.Leader} leading at {step.PriceOrMinimum}, got {People.Name(outcome.LeaderId)} at {outcome.Price}");
            state = state.After(outcome);
        }
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(2, null)]
    [InlineData(3, 50.00)]
    [InlineData(4, 250.00)]
    [InlineData(5, 1.00)]
    public void RandomBiddingKeepsTheInvariants(int seed, double? reserveAmount)
    {
        var reserve = (decimal?)reserveAmount;
        var random = new Random(seed);
        string[] bidders = ["A", "B", "C", "D"];
        var state = Proxy.Opening(1.00m, reserve);
        var maxima = new List<(string Bidder, decimal Max)>();
        for (var i = 0; i < 300; i++)
        {
            var bidder = bidders[random.Next(bidders.Length)];
            var max = decimal.Round(state.MinimumNextBid + ((decimal)random.NextDouble() * 60m) - 5m, 2);
            var isLeader = state.LeaderId == People.Id(bidder);
            var acceptable = isLeader ? max > state.LeaderMax : max >= state.MinimumNextBid;
            var what = $"seed {seed}, bid {i + 1}: {bidder} bids {max} at price {state.CurrentPrice}";
            if (!acceptable)
            {
                Assert.Throws<GavelRuleException>(() => ProxyBidding.Apply(state, People.Id(bidder), max));
                continue;
            }

            var outcome = ProxyBidding.Apply(state, People.Id(bidder), max);
            maxima.Add((bidder, max));
            var highest = maxima.Max(m => m.Max);
            var firstToReachHighest = maxima.First(m => m.Max == highest).Bidder;

            Assert.True(outcome.Price >= (state.CurrentPrice ?? 1.00m), $"{what}: price fell to {outcome.Price}");
            Assert.True(outcome.Price <= outcome.LeaderMax, $"{what}: price {outcome.Price} above the leader's max");
            Assert.True(outcome.LeaderMax == highest, $"{what}: leader's max {outcome.LeaderMax}, highest {highest}");
            Assert.True(outcome.LeaderId == People.Id(firstToReachHighest), $"{what}: the earliest highest maximum must lead");
            Assert.True(
                reserve is not { } r || outcome.LeaderMax < r || outcome.Price >= r,
                $"{what}: leader's max meets the reserve but the price {outcome.Price} does not");
            state = state.After(outcome);
        }

        Assert.True(maxima.Count > 100, $"only {maxima.Count} bids were accepted; the generator needs adjusting");
    }
}

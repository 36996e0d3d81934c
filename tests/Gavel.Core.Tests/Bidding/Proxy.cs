using Gavel.Core.Bidding;
using Gavel.Core.Common;

namespace Gavel.Core.Tests.Bidding;

/// <summary>Proxy states with readable defaults: a starting price of 10 and the default increment table.</summary>
internal static class Proxy
{
    public static ProxyState Opening(decimal startingPrice = 10m, decimal? reserve = null, IncrementTable? increments = null) =>
        new(startingPrice, reserve, null, null, null, increments ?? IncrementTable.Default);

    /// <summary>Alice leads with <paramref name="leaderMax"/> and the visible price is <paramref name="price"/>.</summary>
    public static ProxyState AliceLeads(
        decimal price, decimal leaderMax, decimal startingPrice = 10m, decimal? reserve = null, IncrementTable? increments = null) =>
        new(startingPrice, reserve, price, People.Alice, leaderMax, increments ?? IncrementTable.Default);

    public static ProxyState After(this ProxyState state, ProxyOutcome outcome) =>
        state with { CurrentPrice = outcome.Price, LeaderId = outcome.LeaderId, LeaderMax = outcome.LeaderMax };

    /// <summary>Compares outcomes and, on failure, says which case failed with leaders by name.</summary>
    public static void AssertOutcome(string @case, ProxyOutcome expected, ProxyOutcome actual) =>
        Assert.True(expected == actual, $"{@case}: expected {Describe(expected)}, got {Describe(actual)}");

    public static void AssertTooLow(Action bid, decimal expectedMinimum)
    {
        var error = Assert.Throws<GavelRuleException>(bid);
        Assert.Equal("bid_too_low", error.Code);
        Assert.Equal(409, error.Status);
        Assert.Equal(expectedMinimum, Assert.IsType<decimal>(error.Extensions["minimumBid"]));
    }

    private static string Describe(ProxyOutcome o) => $"{People.Name(o.LeaderId)} leading at {o.Price} with max {o.LeaderMax}";
}

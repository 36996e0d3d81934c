using Gavel.Core.Common;

namespace Gavel.Core.Bidding;

/// <summary>The state the proxy rules need: what is visible (price) and what is hidden (the leader's maximum).</summary>
public readonly record struct ProxyState(
    decimal StartingPrice,
    decimal? ReservePrice,
    decimal? CurrentPrice,
    Guid? LeaderId,
    decimal? LeaderMax,
    IncrementTable Increments)
{
    public decimal MinimumNextBid => CurrentPrice is { } price ? price + Increments.IncrementAt(price) : StartingPrice;
}

public readonly record struct ProxyOutcome(decimal Price, Guid LeaderId, decimal LeaderMax)
{
    public bool Leads(Guid bidder) => LeaderId == bidder;
}

/// <summary>
/// eBay-style proxy bidding as a pure function. The price is the lowest amount that keeps the leader
/// ahead: against a challenger, min(leader max, challenger max + one increment at the challenger's max).
/// An equal maximum leaves the earlier bidder leading at that amount. Once the leader's maximum reaches
/// the hidden reserve, the price rises to at least the reserve. The price never falls.
/// </summary>
public static class ProxyBidding
{
    public static ProxyOutcome Apply(ProxyState state, Guid bidder, decimal maxAmount)
    {
        if (state.LeaderId is not { } leader || state.LeaderMax is not { } leaderMax || state.CurrentPrice is not { } current)
        {
            RequireAtLeast(maxAmount, state.StartingPrice);
            return WithReserve(state, new ProxyOutcome(state.StartingPrice, bidder, maxAmount));
        }

        if (leader == bidder)
        {
            if (maxAmount <= leaderMax)
            {
                throw new GavelRuleException(
                    "bid_too_low",
                    $"You already lead with a maximum of {leaderMax:0.00}; a new maximum must be higher.")
                {
                    Extensions = new Dictionary<string, object?> { ["minimumBid"] = leaderMax + 0.01m },
                };
            }

            return WithReserve(state, new ProxyOutcome(current, bidder, maxAmount));
        }

        RequireAtLeast(maxAmount, state.MinimumNextBid);
        var outcome = maxAmount > leaderMax
            ? new ProxyOutcome(Math.Min(maxAmount, leaderMax + state.Increments.IncrementAt(leaderMax)), bidder, maxAmount)
            : new ProxyOutcome(Math.Min(leaderMax, maxAmount + state.Increments.IncrementAt(maxAmount)), leader, leaderMax);
        return WithReserve(state, outcome with { Price = Math.Max(outcome.Price, current) });
    }

    private static ProxyOutcome WithReserve(ProxyState state, ProxyOutcome outcome) =>
        state.ReservePrice is { } reserve && outcome.LeaderMax >= reserve && outcome.Price < reserve
            ? outcome with { Price = reserve }
            : outcome;

    private static void RequireAtLeast(decimal maxAmount, decimal minimum)
    {
        if (maxAmount < minimum)
        {
            throw new GavelRuleException("bid_too_low", $"The minimum bid is {minimum:0.00}.")
            {
                Extensions = new Dictionary<string, object?> { ["minimumBid"] = minimum },
            };
        }
    }
}

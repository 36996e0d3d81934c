using Gavel.Pricing.History;

namespace Gavel.Pricing.Estimates;

/// <summary>Which price a live forecast reads from the bids so far.</summary>
public enum LiveSignal
{
    /// <summary>The visible price, as the auction page shows it: what Gavel's public forecast uses.</summary>
    Visible,

    /// <summary>The highest proxy maximum so far: hidden on Gavel, used only to compare with the dataset's own rule.</summary>
    HiddenMaxima,
}

/// <summary>An auction at a moment: the time elapsed and what its bids so far show.</summary>
public readonly record struct LiveSnapshot(double Elapsed, decimal Price, int BidCount, int BidderCount, double LastBidElapsed, decimal PriceAtHalf)
{
    /// <summary>The state at <paramref name="elapsed"/> (0-1), from the bids placed by then only.</summary>
    public static LiveSnapshot At(decimal startingPrice, IReadOnlyList<BidEvent> bids, double elapsed, LiveSignal signal = LiveSignal.Visible)
    {
        elapsed = Math.Clamp(elapsed, 0, 1);
        var price = startingPrice;
        var atHalf = startingPrice;
        var count = 0;
        var last = 0.0;
        var bidders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var bid in bids)
        {
            if (bid.Elapsed > elapsed)
            {
                break;
            }

            count++;
            bidders.Add(bid.Bidder);
            last = bid.Elapsed;
            price = signal == LiveSignal.Visible ? Math.Max(price, bid.VisiblePrice) : Math.Max(price, bid.MaxAmount);
            if (bid.Elapsed <= elapsed / 2)
            {
                atHalf = price;
            }
        }

        return new LiveSnapshot(elapsed, price, count, bidders.Count, last, atHalf);
    }
}

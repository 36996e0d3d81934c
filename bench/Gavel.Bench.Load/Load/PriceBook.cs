using Gavel.Bench.Load.Api;

namespace Gavel.Bench.Load.Load;

/// <summary>
/// The lowest bid each auction is known to take, learned from receipts (price + one increment) and from
/// 409 bid_too_low answers (their minimumBid). Shared by all clients of the run, as a crowd watching the
/// live price would share it, so most bids are valid when they arrive.
/// </summary>
internal sealed class PriceBook
{
    private readonly Dictionary<Guid, Entry> entries;

    public PriceBook(IEnumerable<Guid> auctions, decimal startingPrice) =>
        entries = auctions.ToDictionary(id => id, _ => new Entry { Minimum = startingPrice });

    public decimal MinimumFor(Guid auction)
    {
        var entry = entries[auction];
        lock (entry)
        {
            return entry.Minimum;
        }
    }

    public void SawPrice(Guid auction, decimal currentPrice) => Raise(auction, currentPrice + Increments.At(currentPrice));

    public void SawMinimum(Guid auction, decimal minimumBid) => Raise(auction, minimumBid);

    private void Raise(Guid auction, decimal minimum)
    {
        var entry = entries[auction];
        lock (entry)
        {
            if (minimum > entry.Minimum)
            {
                entry.Minimum = minimum;
            }
        }
    }

    private sealed class Entry
    {
        public decimal Minimum { get; set; }
    }
}

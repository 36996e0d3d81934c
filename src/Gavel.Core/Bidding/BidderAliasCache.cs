using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Gavel.Core.Bidding;

/// <summary>
/// Bidders' per-auction aliases, remembered across batches. An alias never changes once given, so a remembered one
/// is always the stored one and a batch need not read it again. Bounded: when full it forgets everything and
/// learns again from the database.
/// </summary>
public sealed class BidderAliasCache(int capacity = 100_000)
{
    private readonly ConcurrentDictionary<(Guid AuctionId, Guid BidderId), string> aliases = new();

    public bool TryGet(Guid auctionId, Guid bidderId, [NotNullWhen(true)] out string? alias) =>
        aliases.TryGetValue((auctionId, bidderId), out alias);

    public void Set(Guid auctionId, Guid bidderId, string alias)
    {
        if (aliases.Count >= capacity)
        {
            aliases.Clear();
        }

        aliases[(auctionId, bidderId)] = alias;
    }
}

using System.Collections.Concurrent;
using Gavel.Pricing.History;

namespace Gavel.Pricing.Estimates;

/// <summary>A sold auction an estimate can point to.</summary>
public sealed record ComparableEntry(string Key, Guid? AuctionId, string Title, string? Category, decimal StartingPrice, decimal FinalPrice, DateTimeOffset? EndedAt)
{
    public static ComparableEntry From(SoldAuction sold) => new(
        sold.Key, sold.AuctionId, sold.Listing.Title, sold.Listing.Category, sold.Listing.StartingPrice, sold.FinalPrice, sold.EndedAt);
}

/// <summary>Which sold auctions an estimate rests on: those with a similar title, else the category, else too few.</summary>
public enum ComparableBasis
{
    Title,
    Category,
    TooFew,
}

/// <summary>
/// What comparable sales say about a listing: the median and quartiles of the final prices of the
/// <see cref="ComparableIndex.Neighbours"/> sold auctions nearest in starting price among those with a similar
/// title (or, with too few of those, in the category), in log1p dollars.
/// </summary>
public readonly record struct Reference(
    ComparableBasis Basis, int TitleCount, int CategoryCount, double LogMedian, double LogQ25, double LogQ75, double LogCategoryMedian);

/// <summary>
/// The sold auctions a model was trained with, searchable by title and starting price. Leave-one-out lookups
/// (<c>excludeKey</c>) let training rows see their comparables without seeing themselves.
/// </summary>
public sealed class ComparableIndex
{
    public const int Neighbours = 25;

    /// <summary>Sales tied in starting price with the last neighbour count too (up to this many), so ties never depend on row order.</summary>
    private const int MaximumNeighbours = 256;

    /// <summary>Fewer similar sales than this and the estimate says "not enough data" rather than guess.</summary>
    public const int MinimumComparables = 5;

    private const double TitleSimilarity = 0.5;
    private const int CacheLimit = 20_000;
    private const string AllCategories = "*";

    private readonly Dictionary<string, Pool> categories;
    private readonly ConcurrentDictionary<string, Pool> titlePools = new(StringComparer.Ordinal);

    public ComparableIndex(IEnumerable<ComparableEntry> entries)
    {
        Entries = [.. entries];
        categories = Entries.GroupBy(e => e.Category ?? AllCategories)
            .ToDictionary(g => g.Key, g => new Pool([.. g]), StringComparer.Ordinal);
        categories[AllCategories] = new Pool(Entries);
    }

    public IReadOnlyList<ComparableEntry> Entries { get; }

    public Reference Lookup(Listing listing, string? excludeKey = null)
    {
        var logStart = Math.Log(1 + (double)listing.StartingPrice);
        var category = CategoryPool(listing.Category);
        var titles = TitlePool(listing.Category, listing.Title);
        var titleCount = titles.CountExcluding(excludeKey);
        // Without a category there is nothing to fall back on: all sales together would say nothing about this item.
        var categoryCount = listing.Category is null ? 0 : category.CountExcluding(excludeKey);
        var (basis, pool) = titleCount >= MinimumComparables ? (ComparableBasis.Title, titles)
            : categoryCount >= MinimumComparables ? (ComparableBasis.Category, category)
            : (ComparableBasis.TooFew, categories[AllCategories]);
        Span<double> near = stackalloc double[MaximumNeighbours];
        var count = pool.Nearest(logStart, excludeKey, near);
        near = near[..count];
        near.Sort();
        return new Reference(
            basis,
            titleCount,
            categoryCount,
            Quantile(near, 0.5),
            Quantile(near, 0.25),
            Quantile(near, 0.75),
            (categoryCount > 0 ? category : categories[AllCategories]).MedianExcluding(excludeKey));
    }

    /// <summary>The sold auctions an estimate rests on, nearest in starting price first.</summary>
    public (IReadOnlyList<ComparableEntry> Items, int Count) Comparables(Listing listing, int take)
    {
        var titles = TitlePool(listing.Category, listing.Title);
        var pool = titles.Entries.Length >= MinimumComparables || listing.Category is null ? titles : CategoryPool(listing.Category);
        return (pool.NearestEntries(Math.Log(1 + (double)listing.StartingPrice), take), pool.Entries.Length);
    }

    private Pool CategoryPool(string? category) =>
        categories.TryGetValue(category ?? AllCategories, out var pool) ? pool : Pool.Empty;

    private Pool TitlePool(string? category, string title)
    {
        var tokens = TitleTokens.Of(title);
        var key = (category ?? AllCategories) + "\u0001" + string.Join(' ', tokens);
        if (titlePools.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var source = CategoryPool(category);
        var similar = source.Entries.Where(e => TitleTokens.Similarity(tokens, e.Tokens) >= TitleSimilarity).Select(e => e.Entry).ToList();
        var pool = new Pool(similar);
        if (titlePools.Count >= CacheLimit)
        {
            titlePools.Clear(); // arbitrary request titles must not grow the cache without bound
        }

        titlePools[key] = pool;
        return pool;
    }

    private static double Quantile(ReadOnlySpan<double> sorted, double q) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    /// <summary>Entries sorted by log starting price, with their log final prices, for nearest-neighbour search.</summary>
    private sealed class Pool
    {
        public static readonly Pool Empty = new([]);

        private readonly double[] logStarts;
        private readonly double[] logPrices;
        private readonly double[] sortedLogPrices;
        private readonly Dictionary<string, int> positions;

        public Pool(IReadOnlyList<ComparableEntry> entries)
        {
            Entries = [.. entries.Select(e => new Indexed(e, TitleTokens.Of(e.Title), Math.Log(1 + (double)e.StartingPrice), Math.Log(1 + (double)e.FinalPrice)))
                .OrderBy(e => e.LogStart).ThenBy(e => e.Entry.Key, StringComparer.Ordinal)];
            logStarts = [.. Entries.Select(e => e.LogStart)];
            logPrices = [.. Entries.Select(e => e.LogPrice)];
            sortedLogPrices = [.. logPrices.Order()];
            positions = new Dictionary<string, int>(Entries.Length, StringComparer.Ordinal);
            for (var i = 0; i < Entries.Length; i++)
            {
                positions.TryAdd(Entries[i].Entry.Key, i);
            }
        }

        public Indexed[] Entries { get; }

        public int CountExcluding(string? key) => Entries.Length - (key is not null && positions.ContainsKey(key) ? 1 : 0);

        public double MedianExcluding(string? key)
        {
            var self = key is not null && positions.TryGetValue(key, out var found) ? found : -1;
            var n = Entries.Length - (self >= 0 ? 1 : 0);
            if (n <= 0)
            {
                return 0;
            }

            var k = n / 2;
            if (self < 0)
            {
                return sortedLogPrices[k];
            }

            var position = Array.BinarySearch(sortedLogPrices, logPrices[self]);
            return k < position ? sortedLogPrices[k] : sortedLogPrices[k + 1];
        }

        /// <summary>
        /// Writes the log final prices of the <see cref="Neighbours"/> entries nearest in log starting price, and of
        /// any further entries exactly as near as the last (up to the span's length); returns how many.
        /// </summary>
        public int Nearest(double logStart, string? excludeKey, Span<double> into)
        {
            var right = LowerBound(logStart);
            var left = right - 1;
            var count = 0;
            var lastDistance = double.NaN;
            while (count < into.Length && (left >= 0 || right < logStarts.Length))
            {
                var next = left >= 0 && (right >= logStarts.Length || logStart - logStarts[left] <= logStarts[right] - logStart) ? left-- : right++;
                var distance = Math.Abs(logStarts[next] - logStart);
                if (count >= Neighbours && distance > lastDistance)
                {
                    break;
                }

                if (excludeKey is not null && Entries[next].Entry.Key == excludeKey)
                {
                    continue;
                }

                into[count++] = logPrices[next];
                lastDistance = distance;
            }

            return count;
        }

        /// <summary>The entries nearest in starting price.</summary>
        public List<ComparableEntry> NearestEntries(double logStart, int take)
        {
            var right = LowerBound(logStart);
            var left = right - 1;
            var found = new List<ComparableEntry>(take);
            while (found.Count < take && (left >= 0 || right < logStarts.Length))
            {
                var next = left >= 0 && (right >= logStarts.Length || logStart - logStarts[left] <= logStarts[right] - logStart) ? left-- : right++;
                found.Add(Entries[next].Entry);
            }

            return found;
        }

        private int LowerBound(double logStart)
        {
            var index = Array.BinarySearch(logStarts, logStart);
            if (index < 0)
            {
                return ~index;
            }

            while (index > 0 && logStarts[index - 1] == logStart)
            {
                index--;
            }

            return index;
        }
    }

    private sealed record Indexed(ComparableEntry Entry, string[] Tokens, double LogStart, double LogPrice);
}

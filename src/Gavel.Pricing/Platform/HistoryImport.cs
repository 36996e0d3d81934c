using System.Globalization;
using Gavel.Core.Auctions;
using Gavel.Core.Bidding;
using Gavel.Core.Data;
using Gavel.Core.Pricing;
using Gavel.Pricing.Datasets;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Pricing.Platform;

/// <summary>What an import did. Skipped rows are counted by reason.</summary>
public sealed record ImportResult(int Read, int Imported, int AlreadyImported, int Bids, IReadOnlyDictionary<string, int> Skipped);

/// <summary>
/// Brings CSV history in as settled auctions (with their bids, where the file has them) under imported users.
/// Rows are inserted directly, not replayed through bidding and settlement: history happened elsewhere, so it
/// must not hold, capture or pay money, and must not earn the platform fees it never earned. The ledger is left
/// untouched; only auctions, bids, imported users and the import markers are written. A row already imported
/// (same source and external id) is skipped, so importing a file twice changes nothing.
/// </summary>
public static class HistoryImport
{
    /// <summary>auction.csv has no dates: auctions are laid out by auction id (eBay ids grow with time) over this span.</summary>
    public static readonly TimeSpan AuctionCsvSpan = TimeSpan.FromDays(180);

    private const int Batch = 200;

    public static async Task<ImportResult> ImportAuctionCsvAsync(
        GavelDbContext db, IReadOnlyList<AuctionCsvAuction> rows, DateTimeOffset endedBy, TimeProvider clock, CancellationToken ct)
    {
        var source = ImportedAuction.AuctionCsv;
        var now = clock.GetUtcNow();
        await DefaultCategories.EnsureAsync(db, ct);
        var done = await ImportedIdsAsync(db, source, ct);
        var categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Slug, c => c.Id, ct);
        var skipped = new Dictionary<string, int>();
        var ordered = rows.OrderBy(r => long.TryParse(r.AuctionId, out var id) ? id : long.MaxValue).ThenBy(r => r.AuctionId, StringComparer.Ordinal).ToList();
        var todo = new List<(AuctionCsvAuction Row, int Category, DateTimeOffset End)>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var row = ordered[i];
            if (done.Contains(row.AuctionId))
            {
                continue;
            }

            if (!AuctionCsv.Categories.TryGetValue(row.Item, out var slug) || !categories.TryGetValue(slug, out var category))
            {
                Count(skipped, $"no Gavel category for item '{row.Item}'");
                continue;
            }

            var end = endedBy - (AuctionCsvSpan * (ordered.Count - 1 - i) / Math.Max(1, ordered.Count));
            todo.Add((row, category, end));
        }

        var seller = (await ImportedUsers.EnsureAsync(db, source, ["auction.csv seller"], now, ct))["auction.csv seller"];
        var bidders = await ImportedUsers.EnsureAsync(db, source, todo.SelectMany(t => t.Row.Bids.Select(b => b.Bidder)), now, ct);
        var bidCount = 0;
        foreach (var chunk in todo.Chunk(Batch))
        {
            await db.WriteAsync(_ =>
            {
                foreach (var (row, category, end) in chunk)
                {
                    bidCount += AddAuctionCsv(db, row, category, end, seller, bidders, now);
                }

                return Task.FromResult(true);
            }, ct);
        }

        return new ImportResult(rows.Count, todo.Count, rows.Count(r => done.Contains(r.AuctionId)), bidCount, skipped);
    }

    public static async Task<ImportResult> ImportEbayAsync(
        GavelDbContext db, IReadOnlyList<EbayCsvAuction> rows, string currency, DateTimeOffset endedBy, TimeProvider clock, CancellationToken ct)
    {
        var source = ImportedAuction.EbayCsv;
        var now = clock.GetUtcNow();
        await DefaultCategories.EnsureAsync(db, ct);
        var done = await ImportedIdsAsync(db, source, ct);
        var categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Slug, c => c.Id, ct);
        var skipped = new Dictionary<string, int>();
        var todo = new List<(EbayCsvAuction Row, int Category)>();
        foreach (var row in rows)
        {
            var id = row.RowIndex.ToString(CultureInfo.InvariantCulture);
            if (done.Contains(id))
            {
                continue;
            }

            if (FileCurrency(row.Currency) != currency)
            {
                Count(skipped, $"prices in {row.Currency}, not the platform currency {currency} (the file gives no exchange rate)");
            }
            else if (!EbayCsv.Categories.TryGetValue(row.Category, out var slug) || !categories.TryGetValue(slug, out var category))
            {
                Count(skipped, $"no Gavel category for '{row.Category}'");
            }
            else
            {
                todo.Add((row, category));
            }
        }

        var sellers = await ImportedUsers.EnsureAsync(db, source, todo.Select(t => SellerName(t.Row)), now, ct);
        var buyer = (await ImportedUsers.EnsureAsync(db, source, ["eBay winning bidder"], now, ct))["eBay winning bidder"];
        foreach (var chunk in todo.Chunk(Batch))
        {
            await db.WriteAsync(_ =>
            {
                foreach (var (row, category) in chunk)
                {
                    var end = EndOn(endedBy, row.EndDay, row.RowIndex);
                    var outcome = row.Sold ? new ImportedOutcome(buyer, "Winning bidder", row.ClosePrice, 0, 0) : new ImportedOutcome(null, null, null, 0, 0);
                    var auction = Auction.ImportSettled(
                        sellers[SellerName(row)],
                        EbayCsv.Title(row),
                        $"Imported history from eBayAuctions.csv row {row.RowIndex}: {row.Category}, seller rating {row.SellerRating}, "
                        + (row.Sold ? "sold with at least two bids (the bid history is not in the file)." : "ended without a certain sale."),
                        category,
                        ItemCondition.Used,
                        row.OpenPrice,
                        end - TimeSpan.FromDays(row.DurationDays),
                        end,
                        outcome,
                        source);
                    db.Auctions.Add(auction);
                    db.ImportedAuctions.Add(new ImportedAuction { Source = source, ExternalId = row.RowIndex.ToString(CultureInfo.InvariantCulture), AuctionId = auction.Id, ImportedAt = now });
                }

                return Task.FromResult(true);
            }, ct);
        }

        return new ImportResult(rows.Count, todo.Count, rows.Count(r => done.Contains(r.RowIndex.ToString(CultureInfo.InvariantCulture))), 0, skipped);
    }

    private static int AddAuctionCsv(
        GavelDbContext db, AuctionCsvAuction row, int category, DateTimeOffset end, Guid seller, Dictionary<string, Guid> bidders, DateTimeOffset now)
    {
        var start = end - TimeSpan.FromDays(row.DurationDays);
        var visible = AuctionCsv.VisibleHistory(row.OpenBid, row.DurationDays, row.Bids.Select(b => (b.Day, b.Bidder, b.Amount)));
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        var maxima = new Dictionary<string, decimal>(StringComparer.Ordinal);
        string? leader = null;
        var history = new List<(Guid Bidder, string Alias, decimal Max, DateTimeOffset At, decimal Price, bool Leading)>();
        for (var i = 0; i < row.Bids.Count; i++)
        {
            var bid = row.Bids[i];
            if (!aliases.ContainsKey(bid.Bidder))
            {
                aliases[bid.Bidder] = $"Bidder {aliases.Count + 1}";
            }

            maxima[bid.Bidder] = Math.Max(maxima.GetValueOrDefault(bid.Bidder), bid.Amount);
            if (leader is null || maxima[bid.Bidder] > maxima[leader])
            {
                leader = bid.Bidder; // an equal maximum leaves the earlier bidder leading
            }

            history.Add((bidders[bid.Bidder], aliases[bid.Bidder], bid.Amount, start + TimeSpan.FromDays(Math.Clamp(bid.Day, 0, row.DurationDays)),
                Math.Min(visible[i].VisiblePrice, row.Price), leader == bid.Bidder));
        }

        var outcome = leader is null
            ? new ImportedOutcome(null, null, null, 0, 0)
            : new ImportedOutcome(bidders[leader], aliases[leader], row.Price, history.Count, aliases.Count);
        var auction = Auction.ImportSettled(
            seller,
            row.Item,
            $"Imported history from auction.csv: eBay auction {row.AuctionId}, a {row.DurationDays}-day auction with {history.Count} bids. "
            + "The file has no dates; they are laid out by auction id before the import's end date.",
            category,
            ItemCondition.Used,
            row.OpenBid,
            start,
            end,
            outcome,
            ImportedAuction.AuctionCsv);
        db.Auctions.Add(auction);
        db.Bids.AddRange(history.Select((b, i) => new Bid
        {
            AuctionId = auction.Id,
            BidderId = b.Bidder,
            BidderAlias = b.Alias,
            MaxAmount = b.Max,
            Sequence = i + 1,
            ReceivedAt = b.At,
            PriceAfter = b.Price,
            LeadingAfter = b.Leading,
        }));
        db.ImportedAuctions.Add(new ImportedAuction { Source = ImportedAuction.AuctionCsv, ExternalId = row.AuctionId, AuctionId = auction.Id, ImportedAt = now });
        return history.Count;
    }

    private static async Task<HashSet<string>> ImportedIdsAsync(GavelDbContext db, string source, CancellationToken ct) =>
        [.. await db.ImportedAuctions.AsNoTracking().Where(i => i.Source == source).Select(i => i.ExternalId).ToListAsync(ct)];

    private static string SellerName(EbayCsvAuction row) => $"eBay seller rated {row.SellerRating}";

    private static string FileCurrency(string code) => code.ToUpperInvariant() switch
    {
        "US" => "USD",
        var other => other,
    };

    /// <summary>The row's weekday, within the weeks before <paramref name="endedBy"/> (spread by row so not every sale is last week).</summary>
    private static DateTimeOffset EndOn(DateTimeOffset endedBy, DayOfWeek day, int rowIndex)
    {
        var date = new DateTimeOffset(endedBy.UtcDateTime.Date.AddHours(20), TimeSpan.Zero);
        while (date > endedBy || date.DayOfWeek != day)
        {
            date = date.AddDays(-1);
        }

        return date.AddDays(-7 * (rowIndex % 26));
    }

    private static void Count(Dictionary<string, int> skipped, string reason) => skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
}

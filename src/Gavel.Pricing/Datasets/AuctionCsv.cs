using Gavel.Core.Bidding;
using Gavel.Pricing.History;

namespace Gavel.Pricing.Datasets;

/// <summary>One bid row of auction.csv: days since the start, the bid (a proxy maximum), the bidder and their feedback score.</summary>
public sealed record AuctionCsvBid(double Day, decimal Amount, string Bidder, int BidderRate);

/// <summary>One auction of auction.csv with its bid history in time order.</summary>
public sealed record AuctionCsvAuction(string AuctionId, string Item, int DurationDays, decimal OpenBid, decimal Price, IReadOnlyList<AuctionCsvBid> Bids)
{
    public string Key => "auction.csv:" + AuctionId;
}

/// <summary>
/// Reads auction.csv (Jank &amp; Shmueli eBay bid histories) and turns its auctions into <see cref="SoldAuction"/>s.
/// The file's `price` equals the highest bid in almost every auction, so the bids are history, never a
/// listing-time feature; a live snapshot at fraction t uses only the bids placed before t.
/// </summary>
public static class AuctionCsv
{
    public const string FileName = "auction.csv";

    /// <summary>The three items of the file mapped onto Gavel's category slugs.</summary>
    public static readonly IReadOnlyDictionary<string, string> Categories = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Cartier wristwatch"] = "watches",
        ["Palm Pilot M515 PDA"] = "computers",
        ["Xbox game console"] = "video-games",
    };

    public static IReadOnlyList<AuctionCsvAuction> Read(string path)
    {
        var file = CsvFile.Read(path, "auctionid", "bid", "bidtime", "bidder", "bidderrate", "openbid", "price", "item", "auction_type");
        int id = file.Column("auctionid"), bid = file.Column("bid"), time = file.Column("bidtime"), bidder = file.Column("bidder"),
            rate = file.Column("bidderrate"), open = file.Column("openbid"), price = file.Column("price"), item = file.Column("item"), type = file.Column("auction_type");
        var auctions = new List<AuctionCsvAuction>();
        foreach (var group in file.Rows.Select((row, index) => (row, index)).GroupBy(r => file.Text(r.row, id)))
        {
            var (first, firstIndex) = group.First();
            var duration = file.Text(first, type).Split(' ')[0];
            var bids = group
                .Select(r => new AuctionCsvBid(
                    file.Number(r.row, time, r.index),
                    file.Money(r.row, bid, r.index),
                    file.Text(r.row, bidder) is { Length: > 0 } name ? name : "(anonymous)",
                    int.TryParse(file.Text(r.row, rate), out var score) ? score : 0))
                .OrderBy(b => b.Day)
                .ToList();
            auctions.Add(new AuctionCsvAuction(
                group.Key,
                file.Text(first, item),
                int.TryParse(duration, out var days) ? days : throw new InvalidDataException($"{path} row {firstIndex + 2}: auction_type '{file.Text(first, type)}' does not start with a number of days."),
                file.Money(first, open, firstIndex),
                file.Money(first, price, firstIndex),
                bids));
        }

        return auctions;
    }

    public static Listing ToListing(AuctionCsvAuction auction) => new(
        auction.Item,
        Categories.GetValueOrDefault(auction.Item),
        null,
        auction.OpenBid,
        auction.DurationDays,
        null);

    public static SoldAuction ToSold(AuctionCsvAuction auction) => new(
        auction.Key,
        null,
        ToListing(auction),
        auction.Price,
        null,
        VisibleHistory(auction.OpenBid, auction.DurationDays, auction.Bids.Select(b => (b.Day, b.Bidder, b.Amount))));

    /// <summary>
    /// Replays proxy maxima into the prices the public saw, by Gavel's rule: the leader pays one increment over
    /// the runner-up's maximum, capped at their own, never below the opening bid.
    /// </summary>
    public static IReadOnlyList<BidEvent> VisibleHistory(decimal openBid, double durationDays, IEnumerable<(double Day, string Bidder, decimal Amount)> bids)
    {
        var maxima = new Dictionary<string, decimal>();
        var events = new List<BidEvent>();
        foreach (var (day, bidder, amount) in bids)
        {
            maxima[bidder] = Math.Max(maxima.GetValueOrDefault(bidder), amount);
            decimal top = 0m, second = 0m;
            foreach (var max in maxima.Values)
            {
                if (max > top)
                {
                    second = top;
                    top = max;
                }
                else if (max > second)
                {
                    second = max;
                }
            }

            var visible = maxima.Count == 1 ? openBid : Math.Min(top, second + IncrementTable.Default.IncrementAt(second));
            events.Add(new BidEvent(Math.Clamp(day / durationDays, 0, 1), bidder, Math.Max(visible, openBid), amount));
        }

        return events;
    }
}

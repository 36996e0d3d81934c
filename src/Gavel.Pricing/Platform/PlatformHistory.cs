using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Pricing.History;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Pricing.Platform;

/// <summary>
/// The platform's sold auctions as training rows: settled, with a winner and a final (hammer) price. Auctions
/// that ended unsold, are still running or were cancelled never become a price, whatever their current bid.
/// Imported history is included: it is stored as settled auctions too.
/// </summary>
public static class PlatformHistory
{
    public static async Task<List<SoldAuction>> LoadSoldAsync(GavelDbContext db, CancellationToken ct)
    {
        var auctions = await db.Auctions.AsNoTracking()
            .Where(a => a.Status == AuctionStatus.Settled && a.WinnerId != null && a.FinalPrice != null)
            .Join(db.Categories, a => a.CategoryId, c => c.Id, (a, c) => new
            {
                a.Id, a.Title, Category = c.Slug, a.Condition, a.StartingPrice, a.StartsAt, a.CreatedAt, a.ScheduledEndsAt, a.EndedAt, FinalPrice = a.FinalPrice!.Value,
            })
            .ToListAsync(ct);

        var bids = (await db.Bids.AsNoTracking()
                .Join(db.Auctions.Where(a => a.Status == AuctionStatus.Settled && a.WinnerId != null && a.FinalPrice != null), b => b.AuctionId, a => a.Id, (b, a) => b)
                .Select(b => new { b.AuctionId, b.BidderId, b.Sequence, b.ReceivedAt, b.PriceAfter })
                .ToListAsync(ct))
            .GroupBy(b => b.AuctionId)
            .ToDictionary(g => g.Key, g => g.OrderBy(b => b.Sequence).ToList());

        return [.. auctions.Select(a =>
        {
            var start = a.StartsAt ?? a.CreatedAt;
            var length = a.ScheduledEndsAt - start;
            var history = bids.TryGetValue(a.Id, out var list)
                ? list.Select(b => new BidEvent(Elapsed(b.ReceivedAt, start, length), b.BidderId.ToString(), b.PriceAfter, 0m)).ToList()
                : [];
            return new SoldAuction(
                a.Id.ToString(),
                a.Id,
                new Listing(a.Title, a.Category, a.Condition, a.StartingPrice, length.TotalDays, a.ScheduledEndsAt.UtcDateTime.DayOfWeek),
                a.FinalPrice,
                a.EndedAt,
                history);
        })];
    }

    /// <summary>The listing a live or new auction presents to the model.</summary>
    public static Listing ListingOf(Auction auction, string? category)
    {
        var start = auction.StartsAt ?? auction.CreatedAt;
        return new Listing(auction.Title, category, auction.Condition, auction.StartingPrice, (auction.ScheduledEndsAt - start).TotalDays,
            auction.ScheduledEndsAt.UtcDateTime.DayOfWeek);
    }

    /// <summary>The bids so far as the public sees them (visible prices, never hidden maxima), timed as fractions of the scheduled length.</summary>
    public static async Task<List<BidEvent>> VisibleBidsAsync(GavelDbContext db, Auction auction, CancellationToken ct)
    {
        var start = auction.StartsAt ?? auction.CreatedAt;
        var length = auction.ScheduledEndsAt - start;
        var bids = await db.Bids.AsNoTracking().Where(b => b.AuctionId == auction.Id).OrderBy(b => b.Sequence)
            .Select(b => new { b.BidderId, b.ReceivedAt, b.PriceAfter }).ToListAsync(ct);
        return [.. bids.Select(b => new BidEvent(Elapsed(b.ReceivedAt, start, length), b.BidderId.ToString(), b.PriceAfter, 0m))];
    }

    public static double Elapsed(DateTimeOffset at, DateTimeOffset start, TimeSpan length) =>
        length <= TimeSpan.Zero ? 1 : Math.Clamp((at - start) / length, 0, 1);
}

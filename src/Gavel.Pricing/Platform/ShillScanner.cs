using System.Globalization;
using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Core.Pricing;
using Gavel.Pricing.Shill;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Pricing.Platform;

/// <summary>
/// Computes the shill features for every bidder of ended Gavel auctions and queues the suspicious pairs for
/// an admin: flagged when the classifier (trained on the UCI data) says p >= 0.5, or, with or without it,
/// when three or more of the behaviours in <see cref="ShillFeatures.Reasons"/> show. Imported history is not
/// scanned: its bidders are not Gavel's. A pair is queued once.
/// </summary>
public static class ShillScanner
{
    public const double Threshold = 0.5;
    public const int RulesToFlag = 3;
    private const int MarketSample = 5000;

    /// <summary>Scans the auctions that ended in (since, until]; returns how many reviews were queued.</summary>
    public static async Task<int> ScanEndedAsync(GavelDbContext db, ShillClassifier? classifier, DateTimeOffset since, DateTimeOffset until, DateTimeOffset now, CancellationToken ct)
    {
        var ids = await db.Auctions.AsNoTracking()
            .Where(a => (a.Status == AuctionStatus.Ended || a.Status == AuctionStatus.Settled) && a.EndedAt > since && a.EndedAt <= until && a.BidCount > 0)
            .Where(a => !db.ImportedAuctions.Any(i => i.AuctionId == a.Id))
            .Select(a => a.Id)
            .ToListAsync(ct);
        return await ScanAsync(db, classifier, ids, now, ct);
    }

    public static async Task<int> ScanAsync(GavelDbContext db, ShillClassifier? classifier, IReadOnlyCollection<Guid> auctionIds, DateTimeOffset now, CancellationToken ct)
    {
        if (auctionIds.Count == 0)
        {
            return 0;
        }

        var auctions = await db.Auctions.AsNoTracking().Where(a => auctionIds.Contains(a.Id)).ToListAsync(ct);
        var bids = (await db.Bids.AsNoTracking().Where(b => auctionIds.Contains(b.AuctionId))
                .Select(b => new { b.AuctionId, b.BidderId, b.Sequence, b.ReceivedAt, b.LeadingAfter }).ToListAsync(ct))
            .GroupBy(b => b.AuctionId).ToDictionary(g => g.Key, g => g.OrderBy(b => b.Sequence).Select(b => new ShillBid(b.BidderId, b.ReceivedAt, b.LeadingAfter)).ToList());
        var bidders = bids.Values.SelectMany(b => b.Select(x => x.BidderId)).Distinct().ToList();
        var participations = await db.Bids.AsNoTracking().Where(b => bidders.Contains(b.BidderId))
            .Select(b => new { b.BidderId, b.AuctionId }).Distinct()
            .Join(db.Auctions.Where(a => a.Status == AuctionStatus.Ended || a.Status == AuctionStatus.Settled), p => p.AuctionId, a => a.Id,
                (p, a) => new { p.BidderId, a.SellerId, a.WinnerId })
            .ToListAsync(ct);
        var byBidder = participations.ToLookup(p => p.BidderId);
        var market = await MarketAsync(db, ct);
        var existing = (await db.ShillReviews.AsNoTracking().Where(r => auctionIds.Contains(r.AuctionId)).Select(r => new { r.AuctionId, r.BidderId }).ToListAsync(ct))
            .Select(r => (r.AuctionId, r.BidderId)).ToHashSet();

        var candidates = new List<(Auction Auction, BidderFeatures Features)>();
        foreach (var auction in auctions)
        {
            var start = auction.StartsAt ?? auction.CreatedAt;
            var facts = new ShillAuction(auction.Id, auction.SellerId, start, auction.EndedAt ?? auction.EndsAt, auction.StartingPrice, auction.WinnerId,
                bids.GetValueOrDefault(auction.Id) ?? []);
            var averages = new MarketAverages(market.BidsPerAuction, market.StartingPrices.GetValueOrDefault(auction.CategoryId, market.StartingPrice));
            BidderRecord Record(Guid bidder) => new(
                byBidder[bidder].Count(),
                byBidder[bidder].Count(p => p.SellerId == auction.SellerId),
                byBidder[bidder].Count(p => p.WinnerId != bidder));
            candidates.AddRange(ShillFeatures.Compute(facts, Record, averages).Select(f => (auction, f)));
        }

        var probabilities = classifier?.Probabilities(candidates.Select(c => c.Features.Vector));
        var reviews = new List<ShillReview>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var (auction, features) = candidates[i];
            if (features.BidderId == auction.SellerId || existing.Contains((auction.Id, features.BidderId)))
            {
                continue;
            }

            var reasons = ShillFeatures.Reasons(features).ToList();
            var probability = probabilities?[i];
            var byClassifier = probability >= Threshold;
            if (!byClassifier && reasons.Count < RulesToFlag)
            {
                continue;
            }

            if (probability is { } p)
            {
                reasons.Insert(0, string.Create(CultureInfo.InvariantCulture, $"the shill classifier (trained on the UCI shill bidding data) rates it {p:0.00}"));
            }

            reviews.Add(new ShillReview
            {
                AuctionId = auction.Id,
                BidderId = features.BidderId,
                SellerId = auction.SellerId,
                Probability = probability is { } value ? Math.Round(value, 4) : null,
                Reasons = string.Join('\n', reasons),
                Features = string.Join(',', features.Vector.Values.Select(v => v.ToString("0.####", CultureInfo.InvariantCulture))),
                CreatedAt = now,
            });
        }

        if (reviews.Count > 0)
        {
            await db.WriteAsync(_ =>
            {
                db.ShillReviews.AddRange(reviews);
                return Task.FromResult(true);
            }, ct);
        }

        return reviews.Count;
    }

    private static async Task<(double BidsPerAuction, decimal StartingPrice, Dictionary<int, decimal> StartingPrices)> MarketAsync(GavelDbContext db, CancellationToken ct)
    {
        var recent = await db.Auctions.AsNoTracking()
            .Where(a => a.Status == AuctionStatus.Ended || a.Status == AuctionStatus.Settled)
            .OrderByDescending(a => a.EndsAt).Take(MarketSample)
            .Select(a => new { a.CategoryId, a.StartingPrice, a.BidCount })
            .ToListAsync(ct);
        if (recent.Count == 0)
        {
            return (0, 0, []);
        }

        var withBids = recent.Where(a => a.BidCount > 0).ToList();
        return (
            withBids.Count == 0 ? 0 : withBids.Average(a => a.BidCount),
            recent.Average(a => a.StartingPrice),
            recent.GroupBy(a => a.CategoryId).ToDictionary(g => g.Key, g => g.Average(a => a.StartingPrice)));
    }
}

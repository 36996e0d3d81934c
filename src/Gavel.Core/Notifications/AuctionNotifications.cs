using System.Globalization;
using Gavel.Core.Auctions;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Core.Notifications;

/// <summary>What each auction event tells whom. Called inside the event's write transaction.</summary>
public static class AuctionNotifications
{
    /// <summary>The kinds <see cref="BidPlaced"/> writes, for a writer that reads its users' choices in advance.</summary>
    public static IReadOnlyList<NotificationKind> BidPlacedKinds { get; } = [NotificationKind.Outbid, NotificationKind.Leading, NotificationKind.BidOnYourAuction];

    /// <summary>
    /// An accepted bid, called straight after <see cref="Auction.PlaceBid"/>: the outbid leader, the new or defending
    /// leader, and the seller hear of it. The caller adds them with choices read for <see cref="BidPlacedKinds"/>.
    /// </summary>
    public static List<NotificationDraft> BidPlaced(Auction auction, BidEffects effects, string currency)
    {
        var bid = effects.Bid;
        var price = Money.Format(bid.PriceAfter, currency);
        var data = new { auctionId = auction.Id, sequence = bid.Sequence, currentPrice = bid.PriceAfter, endsAt = auction.EndsAt };
        var drafts = new List<NotificationDraft>();
        if (effects.LeaderChanged && effects.PreviousLeaderId is { } outbid && outbid != bid.BidderId)
        {
            drafts.Add(new(outbid, NotificationKind.Outbid, auction.Id, $"You have been outbid on {Quote(auction)}",
                $"Another bidder went above your maximum. The price is now {price}; bid again to take the lead.", data));
        }

        if (effects.LeaderChanged && bid.LeadingAfter)
        {
            drafts.Add(new(bid.BidderId, NotificationKind.Leading, auction.Id, $"You are leading on {Quote(auction)}",
                $"Your bid leads at {price}. We hold up to your maximum until someone outbids you or the auction ends.", data));
        }
        else if (!bid.LeadingAfter && auction.LeaderId is { } defender && effects.PriceChanged)
        {
            drafts.Add(new(defender, NotificationKind.Leading, auction.Id, $"You are still leading on {Quote(auction)}",
                $"Your maximum held off another bid. The price is now {price}.", data));
        }

        drafts.Add(new(auction.SellerId, NotificationKind.BidOnYourAuction, auction.Id, $"New bid on {Quote(auction)}",
            $"{Count(auction.BidCount, "bid")} so far; the price is now {price}.", data));
        return drafts;
    }

    /// <summary>A settled auction: the winner, every other bidder and the seller learn the result.</summary>
    public static async Task SettledAsync(GavelDbContext db, Auction auction, string currency, DateTimeOffset now, CancellationToken ct)
    {
        var bidders = await db.Bids.Where(b => b.AuctionId == auction.Id).Select(b => b.BidderId).Distinct().ToListAsync(ct);
        var data = new { auctionId = auction.Id, finalPrice = auction.FinalPrice, sold = auction.WinnerId is not null };
        var drafts = new List<NotificationDraft>();
        if (auction.WinnerId is { } winner)
        {
            drafts.Add(new(winner, NotificationKind.AuctionWon, auction.Id, $"You won {Quote(auction)}",
                $"You won at {Money.Format(auction.FinalPrice ?? 0m, currency)}. The amount has been taken from your wallet.", data));
            drafts.Add(new(auction.SellerId, NotificationKind.AuctionSold, auction.Id, $"{Quote(auction)} sold",
                $"Your auction sold for {Money.Format(auction.FinalPrice ?? 0m, currency)}. The proceeds, less the platform fee, are in your wallet.", data));
        }
        else
        {
            drafts.Add(new(auction.SellerId, NotificationKind.AuctionUnsold, auction.Id, $"{Quote(auction)} ended unsold",
                auction.BidCount == 0 ? "Your auction ended without bids." : "Your auction ended below its reserve price.", data));
        }

        foreach (var loser in bidders.Where(b => b != auction.WinnerId))
        {
            drafts.Add(new(loser, NotificationKind.AuctionLost, auction.Id, $"{Quote(auction)} has ended",
                auction.WinnerId is null ? "The auction ended without a sale. Any funds held for you are released."
                    : $"Another bidder won at {Money.Format(auction.FinalPrice ?? 0m, currency)}. Any funds held for you are released.", data));
        }

        await NotificationOutbox.AddAsync(db, drafts, now, ct);
    }

    /// <summary>A cancelled auction: its bidders, watchers and (when someone else cancelled it) its seller.</summary>
    public static async Task CancelledAsync(GavelDbContext db, Auction auction, Guid actorId, DateTimeOffset now, CancellationToken ct)
    {
        var bidders = await db.Bids.Where(b => b.AuctionId == auction.Id).Select(b => b.BidderId).Distinct().ToListAsync(ct);
        var watchers = await db.Watchlist.Where(w => w.AuctionId == auction.Id).Select(w => w.UserId).ToListAsync(ct);
        var people = bidders.Concat(watchers).Append(auction.SellerId).Distinct().Where(u => u != actorId).ToList();
        var data = new { auctionId = auction.Id };
        await NotificationOutbox.AddAsync(
            db,
            [.. people.Select(u => new NotificationDraft(u, NotificationKind.AuctionCancelled, auction.Id, $"{Quote(auction)} was cancelled",
                u == auction.SellerId ? "An administrator cancelled your auction." : "The auction was cancelled. Any funds held for you are released.", data))],
            now,
            ct);
    }

    /// <summary>A reminder to the watchers and bidders who have not had one for this auction yet.</summary>
    public static Task EndingSoonAsync(GavelDbContext db, Auction auction, IEnumerable<Guid> people, string currency, DateTimeOffset now, CancellationToken ct)
    {
        var left = auction.EndsAt - now;
        var data = new { auctionId = auction.Id, endsAt = auction.EndsAt, currentPrice = auction.CurrentPrice ?? auction.StartingPrice };
        var drafts = people.Select(u => new NotificationDraft(u, NotificationKind.EndingSoon, auction.Id, $"{Quote(auction)} ends soon",
            $"About {Count(Math.Max(1, (int)Math.Round(left.TotalMinutes)), "minute")} left; the price is {Money.Format(auction.CurrentPrice ?? auction.StartingPrice, currency)}"
                + (auction.LeaderId is null ? "." : $" and {auction.LeaderAlias} leads."), data)).ToList();
        return NotificationOutbox.AddAsync(db, drafts, now, ct);
    }

    /// <summary>"1 bid", "3 bids": these texts go out as they are, in e-mails and pushes.</summary>
    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n.ToString(CultureInfo.InvariantCulture)} {noun}s";

    private static string Quote(Auction auction) => $"\u201C{auction.Title}\u201D";
}

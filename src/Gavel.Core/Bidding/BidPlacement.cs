using Gavel.Core.Auctions;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Gavel.Core.Idempotency;
using Gavel.Core.Notifications;
using Gavel.Core.Wallet;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Core.Bidding;

/// <summary>Placing a bid: the auction rules and the money they move, in one serialised transaction.</summary>
public static class BidPlacement
{
    /// <summary>
    /// Places one bid in a transaction of its own: a batch of one (<see cref="PlaceBatchAsync"/>), so a lone bid and a
    /// batched one are judged by the same code. Null when the auction is not there for this bidder; a refused bid throws
    /// its rule.
    /// </summary>
    public static async Task<BidEffects?> PlaceAsync(
        GavelDbContext db, Guid auctionId, Guid bidderId, decimal maxAmount, string currency, TimeProvider clock, CancellationToken ct)
    {
        var result = (await PlaceBatchAsync(
            db, [new BatchedBid(auctionId, bidderId, maxAmount)], currency, clock, new BidderAliasCache(), placed: null, committed: null, ct))[0];
        return result.Refusal is { } refused ? throw refused : result.Effects;
    }

    /// <summary>
    /// Places bids in one transaction, in the order given (group commit, docs/adr/0010-group-committed-bids.md): one
    /// locking read for their auctions, one for the aliases not cached, one for notification choices, one locking read
    /// for the wallets, then one <c>SaveChanges</c> and one commit for them all. Each bid is judged against the state the
    /// bids before it left, at the receipt time read after the auctions' lock, exactly as it would be on its own. A
    /// refused bid is checked before it changes anything, so it is answered on its own and the others still commit.
    /// <paramref name="placed"/> sees each auction straight after each bid on it, so every sequence can be published,
    /// not only a batch's last. An accepted bid that carries its request's Idempotency-Key claim marks that key applied in
    /// the same transaction (docs/adr/0013-idempotency-recovery-point.md); a claim that no longer holds its key fails the
    /// transaction (the caller places the batch's bids again one by one, and that bid fails alone).
    /// A commit can throw after the database has committed (the connection lost before its reply arrived). Then
    /// <paramref name="committed"/> is asked, with the ids of the batch's accepted bids (made before the commit), whether
    /// they are stored (<see cref="StoredAsync"/>, on a connection of its own): if so the batch's results are returned as
    /// after any commit; if not (or the batch accepted none, or without <paramref name="committed"/>), the commit's
    /// exception is thrown.
    /// </summary>
    public static async Task<IReadOnlyList<BatchedBidResult>> PlaceBatchAsync(
        GavelDbContext db, IReadOnlyList<BatchedBid> bids, string currency, TimeProvider clock, BidderAliasCache aliasCache, Action<Auction>? placed,
        Func<IReadOnlyList<Guid>, CancellationToken, Task<bool>>? committed, CancellationToken ct)
    {
        var auctionIds = bids.Select(b => b.AuctionId).Distinct().ToArray();
        var (results, given) = await db.WriteAsync(WritePriority.Normal, async token =>
        {
            var auctions = (await db.LockAuctionsAsync(auctionIds, token)).ToDictionary(a => a.Id);

            // A draft is the seller's private work: to a bidder it does not exist, as on every other endpoint (404),
            // rather than a 409 that confirms the id and says it is a draft. A bid on no auction reads and locks nothing more.
            Auction? Target(BatchedBid bid) =>
                auctions.TryGetValue(bid.AuctionId, out var auction) && !(auction.IsPrivate && auction.SellerId != bid.BidderId) ? auction : null;
            var placeable = bids.Where(b => Target(b) is not null).ToList();
            var results = new List<BatchedBidResult>(bids.Count);
            var given = new List<(Guid AuctionId, Guid BidderId, string Alias)>();
            if (placeable.Count == 0)
            {
                results.AddRange(bids.Select(_ => BatchedBidResult.NotFound));
                return (results, given);
            }

            // The receipt time is read after the lock: each bid is judged at the moment it is serialised.
            var receivedAt = clock.GetUtcNow();
            var aliases = await AliasesAsync(db, placeable, aliasCache, token);
            var bidderIds = placeable.Select(b => b.BidderId).Distinct().ToList();
            var leaders = auctions.Values.Select(a => a.LeaderId).OfType<Guid>().ToList();
            var choices = await NotificationOutbox.LoadChoicesAsync(
                db, bidderIds.Concat(leaders).Concat(auctions.Values.Select(a => a.SellerId)), AuctionNotifications.BidPlacedKinds, token);

            // Everyone whose money a bid here can move: the bidders, and the leaders the batch starts from (a leader the
            // batch makes is one of its bidders).
            var wallets = await db.LockWalletsAsync(bidderIds.Concat(leaders), token);
            foreach (var request in bids)
            {
                if (Target(request) is not { } auction)
                {
                    results.Add(BatchedBidResult.NotFound);
                    continue;
                }

                // Every rule, the funds included, is checked before anything changes: a refused bid leaves the batch's
                // state as it found it. Anything thrown after that fails the whole batch, which the caller retries
                // bid by bid.
                try
                {
                    var outcome = auction.CheckBid(request.BidderId, request.MaxAmount, receivedAt);
                    wallets[request.BidderId].RequireAvailable(auction.FundsNeededFor(request.BidderId, request.MaxAmount, outcome));
                }
                catch (GavelRuleException refused)
                {
                    results.Add(new BatchedBidResult(null, default, refused));
                    continue;
                }

                var alias = aliases.GetValueOrDefault((auction.Id, request.BidderId));
                var effects = auction.PlaceBid(request.BidderId, alias ?? $"Bidder {auction.BidderCount + 1}", alias is null, request.MaxAmount, receivedAt);
                if (alias is null)
                {
                    aliases[(auction.Id, request.BidderId)] = effects.Bid.BidderAlias;
                    given.Add((auction.Id, request.BidderId, effects.Bid.BidderAlias));
                }

                NotificationOutbox.Add(db, AuctionNotifications.BidPlaced(auction, effects, currency), choices, receivedAt);
                MoveFunds(db, effects, wallets, receivedAt);
                db.Bids.Add(effects.Bid);

                // The bid's Idempotency-Key is applied with the bid, in this transaction: both commit or neither does.
                request.Claim?.StageApplied(db, receivedAt);
                placed?.Invoke(auction);
                results.Add(new BatchedBidResult(effects, auction.EndsAt, null));
            }

            return (results, given);
        }, (done, token) => CommittedAsync(done.results, committed, token), ct);

        // Aliases given in the batch are cached only once it has committed: one rolled back was never given.
        foreach (var (auctionId, bidderId, alias) in given)
        {
            aliasCache.Set(auctionId, bidderId, alias);
        }

        return results;
    }

    /// <summary>
    /// Whether every bid with these ids is stored: how a writer whose commit threw learns that it committed all the same.
    /// Ask on a context of its own, since the failed one's connection may be broken. One query for the whole batch.
    /// </summary>
    public static async Task<bool> StoredAsync(GavelDbContext db, IReadOnlyList<Guid> bidIds, CancellationToken ct) =>
        await db.Bids.CountAsync(b => bidIds.Contains(b.Id), ct) == bidIds.Count;

    /// <summary>
    /// The batch's commit threw: did it commit? Only its accepted bids' rows can tell; a batch that accepted none is
    /// taken as not committed, as before (its bids are placed again, or a lone one fails).
    /// </summary>
    private static async Task<bool> CommittedAsync(
        IReadOnlyList<BatchedBidResult> results, Func<IReadOnlyList<Guid>, CancellationToken, Task<bool>>? committed, CancellationToken ct)
    {
        List<Guid> accepted = [.. results.Select(r => r.Effects?.Bid.Id).OfType<Guid>()];
        return committed is not null && accepted.Count > 0 && await committed(accepted, ct);
    }

    /// <summary>
    /// The aliases the batch's bidders already have on its auctions. Aliases never change once given, so a cached one is
    /// the stored one; the rest are read here, under the auctions' lock, where a first bid committed by another writer
    /// shows.
    /// </summary>
    private static async Task<Dictionary<(Guid AuctionId, Guid BidderId), string>> AliasesAsync(
        GavelDbContext db, IReadOnlyList<BatchedBid> bids, BidderAliasCache cache, CancellationToken ct)
    {
        var aliases = new Dictionary<(Guid AuctionId, Guid BidderId), string>();
        var missing = new List<BatchedBid>();
        foreach (var bid in bids)
        {
            if (cache.TryGet(bid.AuctionId, bid.BidderId, out var alias))
            {
                aliases[(bid.AuctionId, bid.BidderId)] = alias;
            }
            else
            {
                missing.Add(bid);
            }
        }

        if (missing.Count == 0)
        {
            return aliases;
        }

        var auctionIds = missing.Select(b => b.AuctionId).Distinct().ToArray();
        var bidderIds = missing.Select(b => b.BidderId).Distinct().ToArray();
        var stored = await db.Bids.Where(b => auctionIds.Contains(b.AuctionId) && bidderIds.Contains(b.BidderId))
            .Select(b => new { b.AuctionId, b.BidderId, b.BidderAlias }).Distinct().ToListAsync(ct);
        foreach (var row in stored)
        {
            aliases[(row.AuctionId, row.BidderId)] = row.BidderAlias;
            cache.Set(row.AuctionId, row.BidderId, row.BidderAlias);
        }

        return aliases;
    }

    /// <summary>
    /// The money an accepted bid moves, in its transaction: a leading bid holds its maximum (a raise, the rise) and
    /// releases the outbid leader's hold; a bid that does not lead moves none (that its bidder could pay what they offer
    /// was checked with the other rules, <see cref="Auction.FundsNeededFor"/>).
    /// </summary>
    private static void MoveFunds(GavelDbContext db, BidEffects effects, Dictionary<Guid, UserWallet> wallets, DateTimeOffset at)
    {
        var bid = effects.Bid;
        if (!bid.LeadingAfter)
        {
            return;
        }

        var bidder = wallets[bid.BidderId];
        if (effects.PreviousLeaderId == bid.BidderId)
        {
            Ledger.Hold(db, bidder, bid.MaxAmount - effects.PreviousLeaderMax!.Value, at, bid.AuctionId);
            return;
        }

        Ledger.Hold(db, bidder, bid.MaxAmount, at, bid.AuctionId);
        if (effects.PreviousLeaderId is { } outbid)
        {
            Ledger.Release(db, wallets[outbid], effects.PreviousLeaderMax!.Value, at, bid.AuctionId, "Outbid: hold released");
        }
    }
}

/// <summary>
/// One bid of a group-committed batch (<see cref="BidPlacement.PlaceBatchAsync"/>), with the claim on its request's
/// Idempotency-Key when it has one, to be marked applied with the bid.
/// </summary>
public sealed record BatchedBid(Guid AuctionId, Guid BidderId, decimal MaxAmount, IdempotencyClaim? Claim = null);

/// <summary>
/// What became of one bid of a batch: accepted (<see cref="Effects"/>, with the auction's end straight after it),
/// refused by a rule (<see cref="Refusal"/>, nothing changed), or neither when the auction is not there for this bidder.
/// </summary>
public sealed record BatchedBidResult(BidEffects? Effects, DateTimeOffset EndsAt, GavelRuleException? Refusal)
{
    public static BatchedBidResult NotFound { get; } = new(null, default, null);
}

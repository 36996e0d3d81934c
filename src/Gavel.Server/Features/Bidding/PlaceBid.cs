using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Gavel.Core.Auctions;
using Gavel.Core.Bidding;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Bidding;

public sealed record PlaceBidRequest
{
    [Required]
    [Money]
    public decimal? MaxAmount { get; init; }
}

/// <summary>The receipt of an accepted bid: its place in the auction's sequence and the server time it was judged at.</summary>
internal sealed record BidReceipt(
    Guid BidId, long Sequence, DateTimeOffset ReceivedAt, decimal CurrentPrice, bool Leading, decimal MaxAmount, DateTimeOffset EndsAt, bool Extended);

internal static class PlaceBid
{
    public static async Task<Results<Created<BidReceipt>, NotFound>> HandleAsync(
        Guid id, PlaceBidRequest request, ClaimsPrincipal user, BidWriter bids, CancellationToken ct)
    {
        var (effects, endsAt) = await bids.PlaceAsync(id, user.GetUserId(), request.MaxAmount!.Value, ct);
        if (effects is null)
        {
            return TypedResults.NotFound();
        }

        var bid = effects.Bid;
        return TypedResults.Created(
            $"/api/auctions/{id}/bids",
            new BidReceipt(bid.Id, bid.Sequence, bid.ReceivedAt, bid.PriceAfter, bid.LeadingAfter, bid.MaxAmount, endsAt, effects.Extended));
    }
}

/// <summary>
/// Places one bid, in a transaction of its own or, with <see cref="BiddingOptions.GroupCommit"/>, in a batch shared
/// with the bids waiting beside it. Either way the answer comes once the bid has committed or a rule has refused it,
/// and a bid whose commit threw but that had committed is answered as committed (<see cref="BidBatcher.CommittedAsync"/>).
/// A batched bid carries its request's Idempotency-Key claim, so its batch marks the key applied with the bid; on its own,
/// the bid commits on the request's context, whose commit marks it (<see cref="IdempotencyRecoveryPoint"/>).
/// </summary>
internal sealed class BidWriter(
    GavelDbContext db, BidBatcher batcher, BidderAliasCache aliases, IOptions<BiddingOptions> bidding, IOptions<AuctionOptions> auctions,
    TimeProvider clock, IdempotencyRecoveryPoint recoveryPoint)
{
    /// <summary>The bid's effects and the auction's end after it; no effects when the auction is not there for this bidder.</summary>
    public async Task<(BidEffects? Effects, DateTimeOffset EndsAt)> PlaceAsync(Guid auctionId, Guid bidderId, decimal maxAmount, CancellationToken ct)
    {
        var result = bidding.Value.GroupCommit
            ? await batcher.PlaceAsync(new BatchedBid(auctionId, bidderId, maxAmount, recoveryPoint.ClaimOf(db)), ct)
            : (await BidPlacement.PlaceBatchAsync(
                db, [new BatchedBid(auctionId, bidderId, maxAmount)], auctions.Value.Currency, clock, aliases, placed: null,
                (bidIds, token) => batcher.CommittedAsync(db, bidIds, token), ct))[0];
        return result.Refusal is { } refused ? throw refused : (result.Effects, result.EndsAt);
    }
}

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
        Guid id, PlaceBidRequest request, ClaimsPrincipal user, GavelDbContext db, TimeProvider clock, IOptions<AuctionOptions> options,
        CancellationToken ct)
    {
        var effects = await BidPlacement.PlaceAsync(db, id, user.GetUserId(), request.MaxAmount!.Value, options.Value.Currency, clock, ct);
        if (effects is null)
        {
            return TypedResults.NotFound();
        }

        var bid = effects.Bid;
        // The bid's transaction left the auction tracked: its end (after any extension) needs no second query.
        var endsAt = (await db.Auctions.FindAsync([id], ct))!.EndsAt;
        return TypedResults.Created(
            $"/api/auctions/{id}/bids",
            new BidReceipt(bid.Id, bid.Sequence, bid.ReceivedAt, bid.PriceAfter, bid.LeadingAfter, bid.MaxAmount, endsAt, effects.Extended));
    }
}

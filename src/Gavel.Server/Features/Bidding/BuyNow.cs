using System.Security.Claims;
using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Core.Notifications;
using Gavel.Core.Wallet;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Bidding;

internal sealed record BuyNowReceipt(Guid AuctionId, decimal Price, long Sequence, DateTimeOffset At);

internal static class BuyNow
{
    /// <summary>Buys at the buy-now price: ends the auction, releases any leader's hold and captures at once.</summary>
    public static async Task<Results<Ok<BuyNowReceipt>, NotFound>> HandleAsync(
        Guid id, ClaimsPrincipal user, GavelDbContext db, TimeProvider clock, IOptions<AuctionOptions> options, CancellationToken ct)
    {
        var buyerId = user.GetUserId();
        var receipt = await db.WriteAsync<BuyNowReceipt?>(async token =>
        {
            var auction = await db.LockAuctionAsync(id, token);
            if (auction is null || auction.IsPrivate)
            {
                return null;
            }

            var now = clock.GetUtcNow();
            var released = auction.BuyNow(buyerId, now);
            var price = auction.FinalPrice!.Value;
            var wallets = await db.LockWalletsAsync(released is { } r ? [buyerId, auction.SellerId, r.LeaderId] : [buyerId, auction.SellerId], token);
            if (released is { } hold)
            {
                Ledger.Release(db, wallets[hold.LeaderId], hold.Held, now, id, "Sold by buy-now: hold released");
            }

            Ledger.CaptureFromAvailable(db, wallets[buyerId], wallets[auction.SellerId], price, options.Value.FeeFor(price), now, id);
            auction.MarkSettled(now);
            await AuctionNotifications.SettledAsync(db, auction, options.Value.Currency, now, token);
            return new BuyNowReceipt(id, price, auction.LastSequence, now);
        }, ct);

        if (receipt is null)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(receipt);
    }
}

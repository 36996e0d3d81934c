using System.Security.Claims;
using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Pricing.Lifecycle;
using Gavel.Pricing.Platform;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Pricing;

/// <summary>
/// GET /api/auctions/{id}/forecast: the final price of a live auction from what its page shows: the visible
/// price after each bid, how many bids and bidders, and the time elapsed. Hidden maxima never enter it.
/// </summary>
internal static class Forecast
{
    public static async Task<Results<Ok<EstimateResponse>, NotFound>> HandleAsync(
        Guid id, ClaimsPrincipal user, GavelDbContext db, IPriceEstimator estimator, TimeProvider clock, IOptions<AuctionOptions> options, CancellationToken ct)
    {
        var auction = await db.Auctions.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        var viewerId = user.Identity?.IsAuthenticated == true ? user.GetUserId() : (Guid?)null;
        if (auction is null || (auction.IsPrivate && auction.SellerId != viewerId && !user.IsAdmin()))
        {
            return TypedResults.NotFound();
        }

        var now = clock.GetUtcNow();
        var category = await db.Categories.AsNoTracking().Where(c => c.Id == auction.CategoryId).Select(c => c.Slug).FirstOrDefaultAsync(ct);
        var listing = PlatformHistory.ListingOf(auction, category);
        var currency = options.Value.Currency;
        if (auction.Status == AuctionStatus.Cancelled)
        {
            return TypedResults.Ok(EstimateResponse.Insufficient("The auction was cancelled."));
        }

        if (auction.Status is AuctionStatus.Ended or AuctionStatus.Settled || now >= auction.EndsAt)
        {
            return TypedResults.Ok(EstimateResponse.Insufficient(auction.FinalPrice is { } price
                ? FormattableString.Invariant($"The auction has ended: it sold for {price:0.00} {currency}.")
                : "The auction has ended; there is nothing left to forecast."));
        }

        if (!auction.IsOpen(now))
        {
            // Not started (draft or scheduled): nothing has been bid, so the listing estimate is the forecast.
            return TypedResults.Ok(EstimateResponse.From(await estimator.EstimateAsync(listing, ct), currency));
        }

        var start = auction.StartsAt ?? auction.CreatedAt;
        var elapsed = PlatformHistory.Elapsed(now, start, auction.ScheduledEndsAt - start);
        var bids = await PlatformHistory.VisibleBidsAsync(db, auction, ct);
        return TypedResults.Ok(EstimateResponse.From(await estimator.ForecastAsync(listing, bids, elapsed, ct), currency));
    }
}

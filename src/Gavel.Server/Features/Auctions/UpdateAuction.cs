using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Ganss.Xss;
using Gavel.Core.Auctions;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Auctions;

/// <summary>
/// A partial update: only the fields sent change. Once a bid exists, price fields are refused (auction_has_bids) and
/// the item is locked (listing_has_bids): title, category and condition stay, and the description can only be added to.
/// </summary>
public sealed record UpdateAuctionRequest
{
    [StringLength(120, MinimumLength = 3)]
    public string? Title { get; init; }

    [StringLength(Auction.DescriptionMaxLength, MinimumLength = 1)]
    public string? Description { get; init; }

    [Range(1, int.MaxValue)]
    public int? CategoryId { get; init; }

    public ItemCondition? Condition { get; init; }

    [Money]
    public decimal? StartingPrice { get; init; }

    [Money]
    public decimal? ReservePrice { get; init; }

    [Money]
    public decimal? BuyNowPrice { get; init; }

    /// <summary>Only while the auction is a draft.</summary>
    public DateTimeOffset? EndsAt { get; init; }

    internal bool TouchesPrices() => StartingPrice is not null || ReservePrice is not null || BuyNowPrice is not null;
}

internal static class UpdateAuction
{
    public static async Task<Results<Ok<AuctionDetails>, NotFound, ForbidHttpResult, ProblemHttpResult>> HandleAsync(
        Guid id,
        UpdateAuctionRequest request,
        ClaimsPrincipal user,
        GavelDbContext db,
        TimeProvider clock,
        IOptions<AuctionOptions> options,
        IHtmlSanitizer sanitizer,
        CancellationToken ct)
    {
        var userId = user.GetUserId();
        var now = clock.GetUtcNow();
        var outcome = await db.WriteAsync<IResult?>(async token =>
        {
            var auction = await db.LockAuctionAsync(id, token);
            if (auction is null || (auction.IsPrivate && auction.SellerId != userId))
            {
                return TypedResults.NotFound();
            }

            if (auction.SellerId != userId)
            {
                return TypedResults.Forbid();
            }

            auction.RequireEditable(now);

            var categoryId = request.CategoryId ?? auction.CategoryId;
            var endsAt = request.EndsAt?.ToUniversalTime() ?? auction.EndsAt;
            if (request.EndsAt is not null && auction.Status != AuctionStatus.Draft)
            {
                return TypedResults.Problem(ErrorHandling.Problem(409, "invalid_state", "The end time is fixed.", "endsAt can only change while the auction is a draft."));
            }

            if (request.CategoryId is not null || request.EndsAt is not null)
            {
                var problem = await ListingRules.CheckAsync(db, categoryId, auction.StartsAt, endsAt, now, options.Value, token);
                if (problem is not null)
                {
                    return TypedResults.Problem(problem);
                }
            }

            var description = NewDescription(request.Description, auction.Description, sanitizer);
            if (ListingRules.CheckStoredDescription(description) is { } tooLong)
            {
                return TypedResults.Problem(tooLong);
            }

            auction.ChangeDetails(
                request.Title?.Trim() ?? auction.Title,
                description,
                categoryId,
                request.Condition ?? auction.Condition);
            if (request.TouchesPrices())
            {
                auction.ChangePriceRules(
                    request.StartingPrice ?? auction.StartingPrice,
                    request.ReservePrice ?? auction.ReservePrice,
                    request.BuyNowPrice ?? auction.BuyNowPrice);
            }

            // Only a draft's end is the seller's to set (checked above). Rewriting it on every edit copied a soft-close
            // extension into ScheduledEndsAt, and so lifted the cap on extensions each time the seller saved.
            if (request.EndsAt is not null)
            {
                auction.EndsAt = endsAt;
                auction.ScheduledEndsAt = endsAt;
            }

            return null;
        }, ct);

        return outcome switch
        {
            NotFound notFound => notFound,
            ForbidHttpResult forbid => forbid,
            ProblemHttpResult problem => problem,
            _ => TypedResults.Ok(await GetAuction.LoadAsync(db, id, userId, options.Value, clock, ct)),
        };
    }

    /// <summary>
    /// The stored text is already sanitised, and sanitising it again may not give it back byte for byte; so a
    /// description that starts with it keeps it as it is and only the added text is sanitised. Once the auction has
    /// bids the domain accepts nothing else (an addition), and a client re-sending the text unchanged is not refused.
    /// </summary>
    private static string NewDescription(string? sent, string stored, IHtmlSanitizer sanitizer) => sent switch
    {
        null => stored,
        _ when sent.StartsWith(stored, StringComparison.Ordinal) =>
            sent.Length == stored.Length ? stored : stored + sanitizer.Sanitize(sent[stored.Length..]),
        _ => sanitizer.Sanitize(sent),
    };
}

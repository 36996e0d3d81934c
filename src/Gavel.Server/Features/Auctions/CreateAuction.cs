using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Ganss.Xss;
using Gavel.Core.Auctions;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Auctions;

public sealed record CreateAuctionRequest
{
    [Required]
    [StringLength(120, MinimumLength = 3)]
    public string? Title { get; init; }

    [Required]
    [StringLength(Auction.DescriptionMaxLength, MinimumLength = 1)]
    public string? Description { get; init; }

    [Required]
    [Range(1, int.MaxValue)]
    public int? CategoryId { get; init; }

    public ItemCondition? Condition { get; init; }

    [Required]
    [Money]
    public decimal? StartingPrice { get; init; }

    [Money]
    public decimal? ReservePrice { get; init; }

    [Money]
    public decimal? BuyNowPrice { get; init; }

    public DateTimeOffset? StartsAt { get; init; }

    [Required]
    public DateTimeOffset? EndsAt { get; init; }

    [Range(0, 60)]
    public int? SoftCloseMinutes { get; init; }
}

internal static class CreateAuction
{
    public static async Task<Results<Created<AuctionDetails>, ProblemHttpResult>> HandleAsync(
        CreateAuctionRequest request,
        ClaimsPrincipal user,
        GavelDbContext db,
        TimeProvider clock,
        IOptions<AuctionOptions> options,
        IHtmlSanitizer sanitizer,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var problem = await ListingRules.CheckAsync(db, request.CategoryId!.Value, request.StartsAt, request.EndsAt!.Value, now, options.Value, ct);
        if (problem is not null)
        {
            return TypedResults.Problem(problem);
        }

        var description = sanitizer.Sanitize(request.Description!);
        if (ListingRules.CheckStoredDescription(description) is { } tooLong)
        {
            return TypedResults.Problem(tooLong);
        }

        Auction.ValidatePrices(request.StartingPrice!.Value, request.ReservePrice, request.BuyNowPrice);
        var endsAt = request.EndsAt.Value.ToUniversalTime();
        var sellerId = user.GetUserId();
        var auction = new Auction
        {
            SellerId = sellerId,
            Title = request.Title!.Trim(),
            Description = description,
            CategoryId = request.CategoryId.Value,
            Condition = request.Condition ?? ItemCondition.Used,
            StartingPrice = request.StartingPrice.Value,
            ReservePrice = request.ReservePrice,
            BuyNowPrice = request.BuyNowPrice,
            StartsAt = request.StartsAt?.ToUniversalTime(),
            EndsAt = endsAt,
            ScheduledEndsAt = endsAt,
            SoftCloseMinutes = request.SoftCloseMinutes ?? 2,
            MaxExtensionMinutes = options.Value.MaxExtensionMinutes,
            CreatedAt = now,
        };
        await db.WriteAsync(async token =>
        {
            await ListingQuota.CheckAsync(db, sellerId, options.Value.MaxOpenListingsPerSeller, token);
            db.Auctions.Add(auction);
            return auction.Id;
        }, ct);
        var details = await GetAuction.LoadAsync(db, auction.Id, sellerId, options.Value, clock, ct);
        return TypedResults.Created($"/api/auctions/{auction.Id}", details);
    }
}

/// <summary>Checks shared by create and update: the category exists and the times make a valid auction.</summary>
internal static class ListingRules
{
    /// <summary>
    /// Making markup safe can lengthen a description ("&amp;" is stored as "&amp;amp;"): past the column's size
    /// PostgreSQL refused the row and the request failed with a 500. Checked on the text as it would be stored.
    /// </summary>
    public static ProblemDetails? CheckStoredDescription(string stored) =>
        stored.Length <= Auction.DescriptionMaxLength
            ? null
            : ErrorHandling.Problem(
                400,
                "invalid_request",
                "The description is too long.",
                $"description: with its markup made safe it would be {stored.Length} characters; at most {Auction.DescriptionMaxLength} are allowed.");

    public static async Task<ProblemDetails?> CheckAsync(
        GavelDbContext db, int categoryId, DateTimeOffset? startsAt, DateTimeOffset endsAt, DateTimeOffset now, AuctionOptions options, CancellationToken ct)
    {
        if (!await db.Categories.AnyAsync(c => c.Id == categoryId, ct))
        {
            return ErrorHandling.Problem(422, "unknown_category", "Unknown category.", $"There is no category {categoryId}; see GET /api/categories.");
        }

        var start = startsAt is { } s && s > now ? s : now;
        if (endsAt - start < options.MinimumDuration)
        {
            return ErrorHandling.Problem(422, "auction_too_short", "The auction is too short.",
                $"endsAt must be at least {options.MinimumDuration} after the start ({start:O}).");
        }

        if (endsAt - start > options.MaximumDuration)
        {
            return ErrorHandling.Problem(422, "auction_too_long", "The auction is too long.",
                $"An auction can run at most {options.MaximumDuration.TotalDays:0} days.");
        }

        return null;
    }
}

using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Pricing.History;
using Gavel.Pricing.Lifecycle;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Pricing;

/// <summary>POST /api/estimates: what a listing would sell for, before it is listed.</summary>
internal static class Estimates
{
    public static async Task<Results<Ok<EstimateResponse>, ProblemHttpResult>> HandleAsync(
        EstimateRequest request, GavelDbContext db, IPriceEstimator estimator, IOptions<AuctionOptions> options, CancellationToken ct)
    {
        string? category = null;
        if (request.CategoryId is { } categoryId)
        {
            category = await db.Categories.AsNoTracking().Where(c => c.Id == categoryId).Select(c => c.Slug).FirstOrDefaultAsync(ct);
            if (category is null)
            {
                return TypedResults.Problem(ErrorHandling.Problem(422, "unknown_category", "Unknown category.", $"There is no category {categoryId}; see GET /api/categories."));
            }
        }

        var listing = new Listing(
            request.Title!.Trim(), category, request.Condition, request.StartingPrice!.Value, request.DurationDays!.Value, request.EndDay);
        var estimate = await estimator.EstimateAsync(listing, ct);
        return TypedResults.Ok(EstimateResponse.From(estimate, options.Value.Currency));
    }
}

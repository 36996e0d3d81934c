using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Pricing.Lifecycle;
using Gavel.Server.Features.Pricing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Components.Pricing;

/// <summary>The sell form's "Estimate price": what the seller entered, asked of POST /api/estimates' handler in-process.</summary>
internal static class SellEstimate
{
    public static async Task<EstimateResponse> ForAsync(
        string title, int? categoryId, ItemCondition condition, decimal startingPrice, TimeSpan duration,
        GavelDbContext db, IPriceEstimator estimator, TimeProvider clock, IOptions<AuctionOptions> options, CancellationToken ct)
    {
        // The API's own bounds on the auction length (EstimateRequest.DurationDays).
        if (duration.TotalDays is < 0.01 or > 30)
        {
            return EstimateResponse.Insufficient("Estimates cover auctions from a quarter of an hour to 30 days.");
        }

        var request = new EstimateRequest
        {
            Title = title,
            CategoryId = categoryId,
            Condition = condition,
            StartingPrice = startingPrice,
            DurationDays = duration.TotalDays,
            EndDay = (clock.GetUtcNow() + duration).DayOfWeek,
        };
        return (await Estimates.HandleAsync(request, db, estimator, options, ct)).Result switch
        {
            Ok<EstimateResponse> { Value: { } estimate } => estimate,
            ProblemHttpResult problem => EstimateResponse.Insufficient(problem.ProblemDetails.Detail ?? "No estimate is available."),
            _ => EstimateResponse.Insufficient("No estimate is available."),
        };
    }
}

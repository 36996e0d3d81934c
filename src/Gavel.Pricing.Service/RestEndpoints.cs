using Gavel.Pricing.Estimates;
using Gavel.Pricing.Lifecycle;
using Gavel.Pricing.Remote;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gavel.Pricing.Service;

/// <summary>The REST face of the estimator; Gavel.Server's <see cref="PricingServiceClient"/> calls it.</summary>
internal static class RestEndpoints
{
    public static async Task<Results<Ok<PriceEstimate>, ValidationProblem>> EstimateAsync(ListingMessage listing, IPriceEstimator estimator, CancellationToken ct) =>
        Check(listing) is { } problem ? problem : TypedResults.Ok(await estimator.EstimateAsync(listing.ToListing(), ct));

    public static async Task<Results<Ok<PriceEstimate>, ValidationProblem>> ForecastAsync(ForecastMessage forecast, IPriceEstimator estimator, CancellationToken ct)
    {
        if (forecast.Listing is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["listing"] = ["The listing is required."] });
        }

        return Check(forecast.Listing) is { } problem
            ? problem
            : TypedResults.Ok(await estimator.ForecastAsync(forecast.Listing.ToListing(), forecast.ToBids(), Math.Clamp(forecast.Elapsed, 0, 1), ct));
    }

    /// <summary>The contract's rules, checked here because the request types live in another assembly.</summary>
    private static ValidationProblem? Check(ListingMessage listing)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(listing.Title) || listing.Title.Length > 120)
        {
            errors["title"] = ["A title of 1 to 120 characters is required."];
        }

        if (listing.StartingPrice < 0)
        {
            errors["startingPrice"] = ["The starting price cannot be negative."];
        }

        if (listing.DurationDays is < 0 or > 365)
        {
            errors["durationDays"] = ["The duration must be 0 to 365 days."];
        }

        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors);
    }
}

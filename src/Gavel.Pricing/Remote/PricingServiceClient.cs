using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gavel.Pricing.Estimates;
using Gavel.Pricing.History;
using Gavel.Pricing.Lifecycle;
using Microsoft.Extensions.Logging;

namespace Gavel.Pricing.Remote;

/// <summary>
/// Asks the separate pricing service (Pricing:ServiceUrl) over REST. Whatever goes wrong there - down, slow past
/// Pricing:ServiceTimeout, an error, a garbled answer - the caller gets "no estimate" with the reason, never a 5xx.
/// </summary>
public sealed class PricingServiceClient(HttpClient http, ILogger<PricingServiceClient> logger) : IPriceEstimator
{
    public const string Unavailable = "The pricing service is unavailable right now; no estimate can be given.";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public ValueTask<PriceEstimate> EstimateAsync(Listing listing, CancellationToken ct) =>
        new(PostAsync("api/estimates", ListingMessage.From(listing), ct));

    public ValueTask<PriceEstimate> ForecastAsync(Listing listing, IReadOnlyList<BidEvent> bids, double elapsed, CancellationToken ct) =>
        new(PostAsync("api/forecasts", ForecastMessage.From(listing, bids, elapsed), ct));

    private async Task<PriceEstimate> PostAsync<T>(string path, T body, CancellationToken ct)
    {
        try
        {
            using var response = await http.PostAsJsonAsync(path, body, Json, ct);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("The pricing service answered {Status} to {Path}", (int)response.StatusCode, path);
                return PriceEstimate.Insufficient(Unavailable);
            }

            return await response.Content.ReadFromJsonAsync<PriceEstimate>(Json, ct) ?? PriceEstimate.Insufficient(Unavailable);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or NotSupportedException
            || (ex is TaskCanceledException or OperationCanceledException && !ct.IsCancellationRequested))
        {
            logger.LogWarning("The pricing service at {Url} failed: {Error}", http.BaseAddress, ex.Message);
            return PriceEstimate.Insufficient(Unavailable);
        }
    }
}

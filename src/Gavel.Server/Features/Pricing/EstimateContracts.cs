using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Gavel.Core.Auctions;
using Gavel.Core.Common;
using Gavel.Pricing.Estimates;

namespace Gavel.Server.Features.Pricing;

public sealed record EstimateRequest
{
    [Required]
    [StringLength(120, MinimumLength = 3)]
    public string? Title { get; init; }

    [Range(1, int.MaxValue)]
    public int? CategoryId { get; init; }

    public ItemCondition? Condition { get; init; }

    [Required]
    [Money]
    public decimal? StartingPrice { get; init; }

    /// <summary>Auction length in days (fractions allowed).</summary>
    [Required]
    [Range(0.01, 30.0)]
    public double? DurationDays { get; init; }

    public DayOfWeek? EndDay { get; init; }
}

/// <summary>A sold auction the estimate rests on.</summary>
internal sealed record ComparableResponse(Guid? AuctionId, string Title, decimal FinalPrice, DateTimeOffset? EndedAt);

/// <summary>
/// <c>{status: "ok", median, low, high, currency, comparables, comparableCount, modelVersion}</c> where low-high is the
/// 80% interval, or <c>{status: "insufficient_data", reason}</c>.
/// </summary>
internal sealed record EstimateResponse(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Median,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Low,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? High,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Currency,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ComparableResponse>? Comparables,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ComparableCount,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ModelVersion,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason)
{
    public static EstimateResponse From(PriceEstimate estimate, string currency) => estimate.IsOk
        ? new EstimateResponse(
            estimate.Status,
            estimate.Median,
            estimate.Low,
            estimate.High,
            currency,
            [.. estimate.Comparables.Select(c => new ComparableResponse(c.AuctionId, c.Title, c.FinalPrice, c.EndedAt))],
            estimate.ComparableCount,
            estimate.ModelVersion,
            null)
        : Insufficient(estimate.Reason ?? "No estimate is available.");

    public static EstimateResponse Insufficient(string reason) =>
        new(PriceEstimate.InsufficientData, null, null, null, null, null, null, null, reason);
}

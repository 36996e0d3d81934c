using Gavel.Server.Features.Pricing;

namespace Gavel.Server.Components.Pricing;

/// <summary>What <see cref="EstimateSummary"/> shows of an estimate: a range, or only the reason there is none.</summary>
public sealed record EstimateView(decimal? Median, decimal? Low, decimal? High, string Currency, int ComparableCount, string? Reason)
{
    public bool IsOk => Median is not null && Low is not null && High is not null;

    internal static EstimateView From(EstimateResponse response) => new(
        response.Median, response.Low, response.High, response.Currency ?? "USD", response.ComparableCount ?? 0, response.Reason);
}

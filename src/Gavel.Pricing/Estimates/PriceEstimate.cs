namespace Gavel.Pricing.Estimates;

/// <summary>A sold auction an estimate rests on.</summary>
public sealed record ComparableSale(Guid? AuctionId, string Title, decimal FinalPrice, DateTimeOffset? EndedAt);

/// <summary>
/// An estimate of the final price: the median and the 80% interval (p10-p90), or an honest "not enough data"
/// with the reason. Never an exception: a caller can always show the answer.
/// </summary>
public sealed record PriceEstimate(
    string Status,
    decimal? Median,
    decimal? Low,
    decimal? High,
    IReadOnlyList<ComparableSale> Comparables,
    int ComparableCount,
    string? ModelVersion,
    string? Reason)
{
    public const string Ok = "ok";
    public const string InsufficientData = "insufficient_data";

    public bool IsOk => Status == Ok;

    public static PriceEstimate Insufficient(string reason, string? modelVersion = null) =>
        new(InsufficientData, null, null, null, [], 0, modelVersion, reason);
}

namespace Gavel.Core.Pricing;

/// <summary>
/// Marks an auction as imported history: which file row it came from. The unique (Source, ExternalId) makes a
/// re-import skip what is already there.
/// </summary>
public sealed class ImportedAuction
{
    public const string AuctionCsv = "auction.csv";
    public const string EbayCsv = "eBayAuctions.csv";

    public long Id { get; init; }

    public required string Source { get; init; }

    public required string ExternalId { get; init; }

    public required Guid AuctionId { get; init; }

    public required DateTimeOffset ImportedAt { get; init; }
}

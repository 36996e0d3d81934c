using System.ComponentModel.DataAnnotations;
using Gavel.Core.Auctions;
using Gavel.Pricing.History;

namespace Gavel.Pricing.Remote;

/// <summary>The pricing service's REST contract: a listing as the model sees it (category as a slug).</summary>
public sealed record ListingMessage
{
    [Required]
    [StringLength(120, MinimumLength = 1)]
    public string? Title { get; init; }

    [StringLength(80)]
    public string? Category { get; init; }

    public ItemCondition? Condition { get; init; }

    [Range(0, 1_000_000_000)]
    public decimal StartingPrice { get; init; }

    [Range(0.0, 365.0)]
    public double DurationDays { get; init; }

    public DayOfWeek? EndDay { get; init; }

    public static ListingMessage From(Listing listing) => new()
    {
        Title = listing.Title,
        Category = listing.Category,
        Condition = listing.Condition,
        StartingPrice = listing.StartingPrice,
        DurationDays = listing.DurationDays,
        EndDay = listing.EndDay,
    };

    public Listing ToListing() => new(Title ?? "", Category, Condition, StartingPrice, DurationDays, EndDay);
}

/// <summary>One visible bid: when (0-1 of the scheduled length), by whom (any stable key), the visible price after it.</summary>
public sealed record BidMessage(double Elapsed, string Bidder, decimal Price);

public sealed record ForecastMessage
{
    [Required]
    public ListingMessage? Listing { get; init; }

    [Range(0.0, 1.0)]
    public double Elapsed { get; init; }

    public IReadOnlyList<BidMessage> Bids { get; init; } = [];

    public static ForecastMessage From(Listing listing, IReadOnlyList<BidEvent> bids, double elapsed) => new()
    {
        Listing = ListingMessage.From(listing),
        Elapsed = elapsed,
        Bids = [.. bids.Select(b => new BidMessage(b.Elapsed, b.Bidder, b.VisiblePrice))],
    };

    public IReadOnlyList<BidEvent> ToBids() => [.. Bids.OrderBy(b => b.Elapsed).Select(b => new BidEvent(b.Elapsed, b.Bidder, b.Price, 0m))];
}

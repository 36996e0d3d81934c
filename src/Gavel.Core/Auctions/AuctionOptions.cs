using System.ComponentModel.DataAnnotations;

namespace Gavel.Core.Auctions;

public sealed class AuctionOptions
{
    public const string Section = "Auctions";

    /// <summary>Shortest allowed auction; tests and demos lower it to run short auctions.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan MinimumDuration { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan MaximumDuration { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Cap on the total soft-close extension of one auction.</summary>
    [Range(0, 24 * 60)]
    public int MaxExtensionMinutes { get; set; } = 30;

    /// <summary>The platform's cut of a sale, in percent, taken from the seller's proceeds.</summary>
    [Range(0, 50)]
    public decimal PlatformFeePercent { get; set; } = 5m;

    [Required]
    [RegularExpression("^[A-Z]{3}$")]
    public string Currency { get; set; } = "USD";

    /// <summary>How often the closer looks for auctions to start or end when none is due sooner.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan CloserInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Drafts, scheduled and live listings one seller may hold at once, so one account cannot fill the database.</summary>
    [Range(1, 1_000_000)]
    public int MaxOpenListingsPerSeller { get; set; } = 200;

    public decimal FeeFor(decimal price) => Common.Money.RoundCents(price * PlatformFeePercent / 100m);
}

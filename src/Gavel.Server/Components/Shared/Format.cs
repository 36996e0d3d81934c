using System.Globalization;

namespace Gavel.Server.Components.Shared;

internal static class Format
{
    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-US");

    public static string Money(decimal amount, string currency = "USD") => Core.Common.Money.Format(amount, currency);

    /// <summary>A short "2d 4h", "3m 12s" style remaining time; zero or less reads as ended.</summary>
    public static string Remaining(TimeSpan left)
    {
        if (left <= TimeSpan.Zero)
        {
            return "ended";
        }

        return left.TotalDays >= 1 ? $"{(int)left.TotalDays}d {left.Hours}h"
            : left.TotalHours >= 1 ? $"{(int)left.TotalHours}h {left.Minutes}m"
            : $"{left.Minutes}m {left.Seconds:00}s";
    }

    public static string When(DateTimeOffset at) => at.ToString("d MMM yyyy, HH:mm 'UTC'", Culture);

    /// <summary>A bid's time to the second, with the day and zone: an auction runs for days and every time here is UTC.</summary>
    public static string BidTime(DateTimeOffset at) => at.ToUniversalTime().ToString("d MMM, HH:mm:ss 'UTC'", Culture);

    public static string Status(string status) => status switch
    {
        "live" => "Live",
        "scheduled" => "Scheduled",
        "draft" => "Draft",
        "ended" => "Ended",
        "settled" => "Sold / closed",
        "cancelled" => "Cancelled",
        _ => status,
    };

    public static string Condition(string condition) => condition switch
    {
        "new" => "New",
        "likeNew" => "Like new",
        "used" => "Used",
        "refurbished" => "Refurbished",
        "forParts" => "For parts",
        _ => condition,
    };
}

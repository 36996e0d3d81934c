using System.Globalization;

namespace Gavel.Core.Common;

/// <summary>Money is exact decimal with at most two places; amounts are bounded so no sum can overflow.</summary>
public static class Money
{
    public const double MaxAmountValue = 100_000_000;
    public const decimal MaxAmount = 100_000_000m;

    public static bool HasAtMostTwoDecimals(decimal amount) => decimal.Round(amount, 2) == amount;

    public static decimal RoundCents(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>An amount as people read it, in the platform currency: "$1,250.00", or "1,250.00 EUR" for any other.</summary>
    public static string Format(decimal amount, string currency) =>
        currency == "USD" ? amount.ToString("C2", Culture) : $"{amount.ToString("N2", Culture)} {currency}";

    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-US");
}

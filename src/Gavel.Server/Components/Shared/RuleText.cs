using Gavel.Core.Common;

namespace Gavel.Server.Components.Shared;

/// <summary>
/// The web app's wording of the rule breaches whose domain messages carry bare amounts ("43.00"): the amounts come
/// from the breach's extensions and are shown as money in the platform currency. Other breaches keep the domain's words.
/// </summary>
internal static class RuleText
{
    public static string ForBid(GavelRuleException rule, string currency, bool leading) => rule.Code switch
    {
        "bid_too_low" when Amount(rule, "minimumBid") is { } minimum => leading
            ? $"You already lead. A new maximum must be more than your current maximum; bid at least {Format.Money(minimum, currency)}."
            : $"The bid is below the minimum. Bid at least {Format.Money(minimum, currency)}.",
        "insufficient_funds" when Amount(rule, "required") is { } required && Amount(rule, "available") is { } available =>
            $"Not enough available funds. This needs {Format.Money(required, currency)} available and you have {Format.Money(available, currency)}. Add money on your Wallet page.",
        _ => Problem(rule),
    };

    public static string ForWithdrawal(GavelRuleException rule, string currency) => rule.Code switch
    {
        "insufficient_funds" when Amount(rule, "available") is { } available =>
            $"You can withdraw at most {Format.Money(available, currency)}, the money available in your wallet. Money held for your leading bids is released when you are outbid or the auction ends.",
        _ => rule.Message,
    };

    private static string Problem(GavelRuleException rule)
    {
        var problem = Gavel.Server.Infrastructure.GavelExceptionHandler.FromRule(rule);
        return $"{problem.Title} {problem.Detail}";
    }

    private static decimal? Amount(GavelRuleException rule, string key) =>
        rule.Extensions.TryGetValue(key, out var value) && value is decimal amount ? amount : null;
}

using Gavel.Core.Auctions;
using Gavel.Pricing.Lifecycle;
using Microsoft.Extensions.Configuration;

namespace Gavel.Cli.Commands.Pricing;

/// <summary>The Pricing and Auctions settings the pricing commands share with the server.</summary>
internal static class PricingSettings
{
    public static PricingOptions Options(IConfiguration configuration) =>
        configuration.GetSection(PricingOptions.Section).Get<PricingOptions>() ?? new PricingOptions();

    public static string Currency(IConfiguration configuration) =>
        configuration.GetSection(AuctionOptions.Section).Get<AuctionOptions>()?.Currency ?? "USD";
}

using System.ComponentModel.DataAnnotations;
using Gavel.Cli.Infrastructure;
using Gavel.Core.Auctions;
using Gavel.Pricing.Lifecycle;
using Microsoft.Extensions.Configuration;

namespace Gavel.Cli.Commands.Pricing;

/// <summary>
/// The Pricing and Auctions settings the pricing commands share with the server, bound and checked as the
/// server's ValidateDataAnnotations does, so a value the server would refuse is a one-line error here too.
/// </summary>
internal static class PricingSettings
{
    public static PricingOptions Options(IConfiguration configuration) => Bind<PricingOptions>(configuration, PricingOptions.Section);

    public static string Currency(IConfiguration configuration) => Bind<AuctionOptions>(configuration, AuctionOptions.Section).Currency;

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : class, new()
    {
        T options;
        try
        {
            options = configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException ex)
        {
            // "Failed to convert configuration value 'abc' at 'Pricing:MinimumTrainingAuctions' to type 'System.Int32'."
            throw new CliException($"Cannot read the {section} settings: {ex.Message}", ex);
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            var problems = results.Select(r => $"{section}:{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}");
            throw new CliException($"Invalid {section} settings: {string.Join("; ", problems)}");
        }

        return options;
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gavel.Cli.Commands.Pricing;

/// <summary>The JSON the pricing commands write: camelCase like the API, enums as camelCase strings, indented for people.</summary>
internal static class PricingJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}

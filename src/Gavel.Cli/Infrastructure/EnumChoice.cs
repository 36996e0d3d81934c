using System.CommandLine.Parsing;

namespace Gavel.Cli.Infrastructure;

/// <summary>
/// Parses an enum option by its names only. System.CommandLine's default also takes numbers ("--format 7" ran the
/// eBay import) and reports a mistake with the enum's full .NET type name.
/// </summary>
internal static class EnumChoice
{
    public static T ByName<T>(ArgumentResult result)
        where T : struct, Enum
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        var names = Enum.GetNames<T>();
        if (names.FirstOrDefault(n => string.Equals(n, token, StringComparison.OrdinalIgnoreCase)) is { } name)
        {
            return Enum.Parse<T>(name);
        }

        var option = result.Parent is OptionResult parent ? parent.Option.Name : "The value";
        result.AddError($"{option} is '{token}'; use {string.Join(" or ", names)}.");
        return default;
    }
}

namespace Gavel.Cli.Infrastructure;

/// <summary>
/// Server-style configuration overrides on the command line: --Section:Key=value or --Section:Key value,
/// anywhere before a lone "--". They are taken out before parsing, so the parser still rejects every other
/// unknown argument and the overrides may stand before or after the command names.
/// </summary>
internal sealed record ConfigurationOverrides(IReadOnlyList<KeyValuePair<string, string?>> Values, IReadOnlyList<string> RemainingArguments)
{
    public static ConfigurationOverrides Extract(IReadOnlyList<string> args)
    {
        var values = new List<KeyValuePair<string, string?>>();
        var remaining = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (token == "--")
            {
                remaining.AddRange(args.Skip(i));
                break;
            }

            if (!TryReadKey(token, out var key, out var value))
            {
                remaining.Add(token);
            }
            else if (value is not null)
            {
                values.Add(new(key, value));
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                values.Add(new(key, args[++i]));
            }
            else
            {
                // Left for the parser, which reports it as an unrecognized argument.
                remaining.Add(token);
            }
        }

        return new(values, remaining);
    }

    /// <summary>A configuration key has a section: "--Database:Provider" is one, "--provider" is an option.</summary>
    private static bool TryReadKey(string token, out string key, out string? value)
    {
        key = string.Empty;
        value = null;
        if (!token.StartsWith("--", StringComparison.Ordinal))
        {
            return false;
        }

        var equals = token.IndexOf('=', StringComparison.Ordinal);
        var name = equals < 0 ? token[2..] : token[2..equals];
        if (name.Length < 3 || !name.Contains(':', StringComparison.Ordinal) || name.StartsWith(':') || name.EndsWith(':') || name.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        key = name;
        value = equals < 0 ? null : token[(equals + 1)..];
        return true;
    }
}

using System.CommandLine;
using Gavel.Core.Data;
using Microsoft.Extensions.Configuration;

namespace Gavel.Cli.Infrastructure;

/// <summary>
/// Builds configuration from the same sources and keys as the server, later ones winning: appsettings.json
/// (or --settings FILE), environment variables, --Section:Key=value arguments, then the --provider and
/// --connection shorthands.
/// </summary>
internal sealed class CliConfiguration(IEnumerable<KeyValuePair<string, string?>> overrides)
{
    public const string ProviderKey = DatabaseOptions.Section + ":Provider";
    public const string ConnectionKey = "ConnectionStrings:Gavel";

    public Option<string> Settings { get; } = new("--settings")
    {
        Description = "An appsettings.json-style file to read instead of appsettings.json in the current directory.",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<DatabaseProvider?> Provider { get; } = new("--provider")
    {
        Description = $"Shorthand for --{ProviderKey}=...",
        Recursive = true,
        CustomParser = result => EnumChoice.ByName<DatabaseProvider>(result),
    };

    public Option<string> Connection { get; } = new("--connection")
    {
        Description = $"Shorthand for --{ConnectionKey}=...",
        HelpName = "CONNECTION_STRING",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Options.Add(Settings);
        root.Options.Add(Provider);
        root.Options.Add(Connection);
    }

    public IConfiguration Build(ParseResult parseResult, CliContext context)
    {
        var builder = new ConfigurationBuilder();
        if (parseResult.GetValue(Settings) is { Length: > 0 } settings)
        {
            var path = Path.GetFullPath(settings);
            if (!File.Exists(path))
            {
                throw new CliException($"The settings file '{path}' does not exist.");
            }

            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }
        else
        {
            // As the server reads them from its content root: run gavel from the server's folder to share its settings.
            var environment = context.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
                ?? context.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                ?? "Production";
            builder.SetBasePath(Directory.GetCurrentDirectory())
                .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
                .AddJsonFile($"appsettings.{environment}.json", optional: true, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables();
        builder.AddInMemoryCollection(overrides);

        var shorthands = new Dictionary<string, string?>();
        if (parseResult.GetValue(Provider) is { } provider)
        {
            shorthands[ProviderKey] = provider.ToString();
        }

        if (parseResult.GetValue(Connection) is { } connection)
        {
            shorthands[ConnectionKey] = connection;
        }

        builder.AddInMemoryCollection(shorthands);
        try
        {
            return builder.Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            throw new CliException($"Cannot read the settings: {CliException.OneLine(ex)}", ex);
        }
    }
}

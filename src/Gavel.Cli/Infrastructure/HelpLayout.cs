using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Gavel.Cli.Infrastructure;

/// <summary>A command that shows usage examples under its help.</summary>
internal interface IHasExamples
{
    IReadOnlyList<string> Examples { get; }
}

/// <summary>
/// Adds two sections to every level's --help: where configuration comes from, and examples (a group shows
/// the examples of the commands under it).
/// </summary>
internal static class HelpLayout
{
    private static readonly string[] ConfigurationLines =
    [
        "Read like the server's, later sources winning:",
        "  1. appsettings.json and appsettings.{Environment}.json in the current directory",
        "     (Environment from DOTNET_ENVIRONMENT or ASPNETCORE_ENVIRONMENT, default Production),",
        "     or only the file given by --settings FILE",
        "  2. environment variables Section__Key, e.g. Database__Provider, ConnectionStrings__Gavel",
        "  3. arguments --Section:Key=value, e.g. --Database:Provider=Postgres",
        "  4. the shorthands --provider and --connection",
        "Keys: Database:Provider                Sqlite (default) or Postgres",
        "      ConnectionStrings:Gavel          default \"" + Core.Data.DatabaseOptions.DefaultSqlite + "\"",
        "      Auth:PasswordHashIterations      PBKDF2 iterations for new passwords (default 600000)",
        "      Pricing:ModelDirectory           where pricing train writes models (default data/models)",
        "      Pricing:MinimumTrainingAuctions  fewest sales pricing train accepts (default 30, at least 10)",
        "      Auctions:Currency                the platform currency; pricing import skips rows in others (default USD)",
    ];

    public static void Apply(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is HelpAction standard)
        {
            help.Action = new ExtendedHelpAction(standard);
        }
    }

    private static IEnumerable<string> ExamplesOf(Command command) =>
        command is IHasExamples documented ? documented.Examples : command.Subcommands.SelectMany(ExamplesOf);

    /// <summary>System.CommandLine 3 keeps its help builder internal, so the extra sections follow its output.</summary>
    private sealed class ExtendedHelpAction(HelpAction standard) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var result = standard.Invoke(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Configuration:");
            foreach (var line in ConfigurationLines)
            {
                output.WriteLine("  " + line);
            }

            var examples = ExamplesOf(parseResult.CommandResult.Command).ToList();
            if (examples.Count > 0)
            {
                output.WriteLine();
                output.WriteLine("Examples:");
                foreach (var example in examples)
                {
                    output.WriteLine("  " + example);
                }
            }

            output.WriteLine();
            return result;
        }
    }
}

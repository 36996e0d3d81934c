using System.CommandLine;
using Gavel.Cli.Commands.Db;
using Gavel.Cli.Commands.Pricing;
using Gavel.Cli.Commands.Users;
using Gavel.Cli.Infrastructure;

namespace Gavel.Cli;

/// <summary>The `gavel` command tree. A new command is one file under Commands/ and one line here.</summary>
internal static class GavelCli
{
    public static RootCommand CreateRootCommand(CliContext context, ConfigurationOverrides overrides)
    {
        var configuration = new CliConfiguration(overrides.Values);
        var root = new RootCommand("gavel: operations tool for a Gavel deployment (database schema, admin accounts, price models).");
        configuration.AddTo(root);

        root.Subcommands.Add(new Command("db", "Database schema tasks.")
        {
            new MigrateCommand(context, configuration),
        });

        root.Subcommands.Add(new Command("users", "User account tasks.")
        {
            new CreateAdminCommand(context, configuration),
        });

        root.Subcommands.Add(new Command("pricing", "Price intelligence: evaluate, train and import history.")
        {
            new EvaluateCommand(context, configuration),
            new TrainCommand(context, configuration),
            new ImportCommand(context, configuration),
        });

        HelpLayout.Apply(root);
        return root;
    }

    public static Task<int> InvokeAsync(IReadOnlyList<string> args, CliContext context, InvocationConfiguration? invocation = null, CancellationToken ct = default)
    {
        var overrides = ConfigurationOverrides.Extract(args);
        return CreateRootCommand(context, overrides).Parse(overrides.RemainingArguments).InvokeAsync(invocation, ct);
    }
}

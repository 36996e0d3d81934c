using System.CommandLine;
using Gavel.Cli.Infrastructure;
using Gavel.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Gavel.Cli.Commands.Db;

/// <summary>`gavel db migrate`: the production way to create or upgrade the schema, for either provider.</summary>
internal sealed class MigrateCommand : Command, IHasExamples
{
    private readonly CliContext context;

    public MigrateCommand(CliContext context, CliConfiguration configuration)
        : base("migrate", "Create the database if needed and apply every pending schema migration. Safe to run again: with nothing pending it changes no schema, and only fills the search columns of rows an older version wrote.")
    {
        this.context = context;
        this.SetCliAction(context, configuration, (_, config, ct) => RunAsync(config, ct));
    }

    public IReadOnlyList<string> Examples { get; } =
    [
        "gavel db migrate",
        "gavel db migrate --settings /etc/gavel/appsettings.json",
        "gavel db migrate --provider Postgres --connection \"Host=db;Username=gavel;Password=...;Database=gavel\"",
        "ConnectionStrings__Gavel=\"Data Source=/var/lib/gavel/gavel.db\" gavel db migrate",
    ];

    private async Task<int> RunAsync(IConfiguration configuration, CancellationToken ct)
    {
        await using var database = CliDatabase.Open(configuration);
        context.Out.MarkupLine($"Provider: [bold]{database.Provider}[/]");
        context.Out.MarkupLine($"Database: [bold]{Markup.Escape(database.Target)}[/]");

        var (existed, pending) = await database.RunAsync(async db =>
        {
            var exists = await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct);
            return (exists, (await db.Database.GetPendingMigrationsAsync(ct)).ToList());
        });

        if (pending.Count == 0)
        {
            context.Out.MarkupLine("[green]No pending migrations[/]: the schema is up to date.");

            // Where the server does not migrate on start-up, this is the only place rows written by an older server
            // during a rolling upgrade get the columns it did not know (an auction's search text).
            var filled = await database.RunAsync(db => GavelDatabase.FillDerivedColumnsAsync(db, ct));
            if (filled > 0)
            {
                context.Out.MarkupLine($"Filled the search columns of {filled} row{(filled == 1 ? "" : "s")} written by an older version.");
            }

            await WarnAboutUnknownMigrationsAsync(database, ct);
            return CliActions.Success;
        }

        await database.RunAsync(async db =>
        {
            await GavelDatabase.MigrateAsync(db, ct);
            return true;
        });

        if (!existed)
        {
            context.Out.MarkupLine("Created the database.");
        }

        context.Out.MarkupLine($"[green]Applied {pending.Count} migration{(pending.Count == 1 ? "" : "s")}[/]:");
        foreach (var migration in pending)
        {
            context.Out.MarkupLine($"  {Markup.Escape(migration)}");
        }

        return CliActions.Success;
    }

    /// <summary>A database migrated by a newer gavel still works here, but the operator should know they are mixing versions.</summary>
    private async Task WarnAboutUnknownMigrationsAsync(CliDatabase database, CancellationToken ct)
    {
        var unknown = await database.RunAsync(async db =>
            (await db.Database.GetAppliedMigrationsAsync(ct)).Except(db.Database.GetMigrations()).ToList());
        if (unknown.Count > 0)
        {
            context.Error.MarkupLine(
                $"[yellow]warning:[/] the database has {unknown.Count} migration(s) this gavel does not know ({Markup.Escape(string.Join(", ", unknown))}); it was migrated by a newer version.");
        }
    }
}

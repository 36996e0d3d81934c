using System.CommandLine;
using System.Globalization;
using Gavel.Cli.Infrastructure;
using Gavel.Pricing.Datasets;
using Gavel.Pricing.Lifecycle;
using Gavel.Pricing.Platform;
using Gavel.Pricing.Shill;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Gavel.Cli.Commands.Pricing;

/// <summary>`gavel pricing train`: trains on the platform's sold auctions and writes a new model version.</summary>
internal sealed class TrainCommand : Command, IHasExamples
{
    private readonly CliContext context;

    private readonly Option<FileInfo> shillData = new("--shill-data")
    {
        Description = "Also train the shill bidding classifier on this file (the UCI Shill_Bidding_Dataset.csv format). Without it the newest model's classifier is kept.",
        HelpName = "FILE",
    };

    public TrainCommand(CliContext context, CliConfiguration configuration)
        : base("train", "Train the price models on the platform's sold auctions (settled with a final price, imported history included), measure them on a held-out slice and write a new model version to Pricing:ModelDirectory. A running server picks it up without a restart.")
    {
        this.context = context;
        Options.Add(shillData);
        this.SetCliAction(context, configuration, RunAsync);
    }

    public IReadOnlyList<string> Examples { get; } =
    [
        "gavel pricing train",
        "gavel pricing train --shill-data ../shared/data/Shill_Bidding_Dataset.csv --Pricing:ModelDirectory=/var/lib/gavel/models",
    ];

    private async Task<int> RunAsync(ParseResult parseResult, IConfiguration configuration, CancellationToken ct)
    {
        var options = PricingSettings.Options(configuration);
        var currency = PricingSettings.Currency(configuration);
        var store = new ModelStore(options.ModelDirectory);
        if (File.Exists(store.Directory))
        {
            throw new CliException($"Pricing:ModelDirectory {store.Directory} is a file; it must be a folder (it is created if missing).");
        }

        // Every input is checked before the slow part, so a mistake fails in a second, not after training.
        IReadOnlyList<ShillCsvRow>? shillRows = null;
        if (parseResult.GetValue(shillData) is { } file)
        {
            try
            {
                shillRows = ShillCsv.Read(InputFile.PathOf(file, shillData.Name));
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                throw new CliException($"Cannot read the shill data {file.FullName}: {ex.Message}", ex);
            }

            if (ShillClassifier.CheckClasses(shillRows.Select(r => r.IsShill)) is { } reason)
            {
                throw new CliException($"Cannot train the shill classifier on {file.FullName} ({shillRows.Count} rows): {reason}.");
            }
        }

        await using var database = CliDatabase.Open(configuration);
        await database.RequireCurrentSchemaAsync(ct);
        var shill = shillRows is null ? null : TrainShill(shillRows, parseResult.GetRequiredValue(shillData).FullName);
        var outcome = await database.RunAsync(async db =>
        {
            try
            {
                return await PricingTraining.TrainAsync(db, store, options, currency, context.Clock, shill, ct);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The database's own I/O failures arrive as DbExceptions; a bare one is the model folder's.
                throw new CliException($"Cannot write the model to {store.Directory}: {CliException.OneLine(ex)}. Check Pricing:ModelDirectory.", ex);
            }
        });
        if (outcome.Refusal is { } refusal)
        {
            throw new CliException(refusal);
        }

        var manifest = outcome.Manifest!;
        context.Out.MarkupLine($"Trained [bold]{manifest.Version}[/] on {manifest.TrainingAuctions} sold auctions in {outcome.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s; it compares with {manifest.ComparableAuctions}.");
        if (manifest.Holdout is { } holdout)
        {
            context.Out.MarkupLine(
                $"Held out {manifest.HoldoutAuctions}: listing MAE {F(holdout.Listing.Mae)}, RMSLE {F(holdout.Listing.Rmsle, "0.000")}, 80% interval coverage {F(holdout.Listing.Coverage80 ?? 0, "0.0%")}"
                + (holdout.Live90 is { } live ? $"; live at 90% MAE {F(live.Mae)}, coverage {F(live.Coverage80 ?? 0, "0.0%")}" : ""));
        }
        else
        {
            context.Out.MarkupLine("Too few sales to hold any back: the model has no held-out figures.");
        }

        context.Out.MarkupLine($"Saved to [bold]{Markup.Escape(Path.Combine(store.Directory, manifest.Version))}[/]{(shill is not null ? " with a new shill classifier" : "")}.");
        return CliActions.Success;
    }

    private static ShillClassifier TrainShill(IReadOnlyList<ShillCsvRow> rows, string path)
    {
        try
        {
            return ShillClassifier.Train(rows.Select(r => (r.Features, r.IsShill)));
        }
        catch (InvalidOperationException ex)
        {
            // Both classes were counted above; this is the trainer giving up on what it was still given.
            throw new CliException($"Cannot train the shill classifier on {path} ({rows.Count} rows): {CliException.OneLine(ex)}.", ex);
        }
    }

    private static string F(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Gavel.Cli.Infrastructure;
using Gavel.Pricing.Evaluation;
using Spectre.Console;

namespace Gavel.Cli.Commands.Pricing;

/// <summary>`gavel pricing evaluate`: trains on the shared split's training part and scores the held-out part.</summary>
internal sealed class EvaluateCommand : Command, IHasExamples
{
    private readonly CliContext context;

    private readonly Option<DirectoryInfo> data = new("--data")
    {
        Description = "The folder with auction.csv, Shill_Bidding_Dataset.csv and their *_split.csv files (the shared data).",
        HelpName = "DIR",
        Required = true,
    };

    private readonly Option<FileInfo> output = new("--out")
    {
        Description = "Where to write the JSON report (one object per scenario: listing, at90, at90Served, shill).",
        HelpName = "FILE",
        Required = true,
    };

    public EvaluateCommand(CliContext context, CliConfiguration configuration)
        : base("evaluate", "Train the price models and the shill classifier on the training part of the shared split and score them on the held-out part, with the baselines. Needs no database.")
    {
        this.context = context;
        Options.Add(data);
        Options.Add(output);
        this.SetCliAction(context, configuration, (parseResult, _, _) => RunAsync(parseResult));
    }

    public IReadOnlyList<string> Examples { get; } =
    [
        "gavel pricing evaluate --data ../shared/data --out evaluation.json",
    ];

    private async Task<int> RunAsync(ParseResult parseResult)
    {
        var directory = parseResult.GetRequiredValue(data);
        var file = parseResult.GetRequiredValue(output);
        if (!directory.Exists)
        {
            throw new CliException(File.Exists(directory.FullName)
                ? $"--data {directory.FullName} is a file; give the folder that holds auction.csv and the split files."
                : $"The data folder {directory.FullName} does not exist.");
        }

        // Evaluation takes a while: a report that cannot be written must fail now, not after the work.
        EnsureWritable(file);

        var watch = Stopwatch.StartNew();
        EvaluationReport report;
        try
        {
            report = PricingEvaluation.Run(directory.FullName, context.Clock);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            throw new CliException($"Cannot read the data in {directory.FullName}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or AggregateException)
        {
            // Files of the right shape but too few rows (a truncated copy): the trainers or the served forecast give up.
            throw new CliException($"Cannot evaluate on the data in {directory.FullName}: {CliException.OneLine(ex is AggregateException all ? all.Flatten().InnerExceptions[0] : ex)}. The evaluation needs the whole shared datasets.", ex);
        }

        try
        {
            await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(report, PricingJson.Options) + "\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot write the report {file.FullName}: {ex.Message}", ex);
        }

        var table = new Table().AddColumns("scenario", "MAE", "RMSLE", "MdAPE", "80% coverage", "best baseline MAE", "targets");
        foreach (var (name, scenario) in new[] { ("listing", report.Listing), ("at90", report.At90), ("at90Served", report.At90Served) })
        {
            var m = scenario.Model.Overall;
            table.AddRow(
                name,
                F(m.Mae),
                F(m.Rmsle, "0.000"),
                F(m.MedianApe, "0.000"),
                F(m.Coverage80 ?? 0, "0.0%"),
                F(scenario.Baselines.Values.Min(b => b.Overall.Mae)),
                Targets(scenario.Targets));
        }

        if (report.At90Served.TrainingFolds is { } folds)
        {
            table.AddRow("at90Served, training folds", F(folds.Mae), F(folds.Rmsle, "0.000"), F(folds.MedianApe, "0.000"), F(folds.Coverage80 ?? 0, "0.0%"), "", "cross-validated on the 4 training folds");
        }

        var shill = report.Shill.Model;
        table.AddRow("shill", "", "", "", "", $"F1 {F(report.Shill.Baselines.Values.Max(b => b.F1), "0.000")}",
            $"P {F(shill.Precision, "0.000")} R {F(shill.Recall, "0.000")} F1 {F(shill.F1, "0.000")} " + Targets(report.Shill.Targets));
        context.Out.Write(table);
        context.Out.MarkupLine($"Wrote [bold]{Markup.Escape(file.FullName)}[/] in {watch.Elapsed.TotalSeconds:0.0} s.");
        return CliActions.Success;
    }

    /// <summary>Creates the report's folder and opens the file for writing without truncating an earlier report.</summary>
    private static void EnsureWritable(FileInfo file)
    {
        if (Directory.Exists(file.FullName))
        {
            throw new CliException($"--out {file.FullName} is a folder; give a file name, e.g. {Path.Combine(file.FullName, "evaluation.json")}.");
        }

        var existed = file.Exists;
        try
        {
            file.Directory?.Create();
            using (new FileStream(file.FullName, FileMode.OpenOrCreate, FileAccess.Write))
            {
            }

            if (!existed)
            {
                File.Delete(file.FullName);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot write the report {file.FullName}: {ex.Message}", ex);
        }
    }

    private static string F(double value, string format = "0.0") => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Targets(IEnumerable<Target> targets) =>
        string.Join(", ", targets.Select(t => $"{t.Metric} {t.Goal}: {(t.Met ? "met" : "MISSED")}"));
}

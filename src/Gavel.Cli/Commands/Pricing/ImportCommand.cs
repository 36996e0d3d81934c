using System.CommandLine;
using Gavel.Cli.Infrastructure;
using Gavel.Pricing.Datasets;
using Gavel.Pricing.Platform;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Gavel.Cli.Commands.Pricing;

internal enum ImportFormat
{
    Auction,
    Ebay,
}

/// <summary>`gavel pricing import`: brings a history file in as settled auctions for the price models.</summary>
internal sealed class ImportCommand : Command, IHasExamples
{
    private readonly CliContext context;

    private readonly Option<ImportFormat> format = new("--format")
    {
        Description = "auction: the auction.csv format (bid histories); ebay: the eBayAuctions.csv format (one row per auction).",
        Required = true,
        CustomParser = EnumChoice.ByName<ImportFormat>,
    };

    private readonly Option<FileInfo> file = new("--file")
    {
        Description = "The CSV file to import. It is read, never copied.",
        HelpName = "PATH",
        Required = true,
    };

    private readonly Option<DateTimeOffset?> endedBy = new("--ended-by")
    {
        Description = "The files have no years: imported auctions end before this time (default: now). auction.csv auctions are spread over the 180 days before it by auction id; eBayAuctions.csv rows keep their weekday.",
        HelpName = "TIME",
    };

    public ImportCommand(CliContext context, CliConfiguration configuration)
        : base("import", "Import auction history as settled auctions with their bids, under imported users who cannot sign in. Moves no money: the ledger is untouched. Re-importing a file skips the rows already imported.")
    {
        this.context = context;
        Options.Add(format);
        Options.Add(file);
        Options.Add(endedBy);
        this.SetCliAction(context, configuration, RunAsync);
    }

    public IReadOnlyList<string> Examples { get; } =
    [
        "gavel pricing import --format auction --file ../shared/data/auction.csv",
        "gavel pricing import --format ebay --file ../shared/data/eBayAuctions.csv",
    ];

    private async Task<int> RunAsync(ParseResult parseResult, IConfiguration configuration, CancellationToken ct)
    {
        var path = InputFile.PathOf(parseResult.GetRequiredValue(file), file.Name);
        var end = parseResult.GetValue(endedBy) ?? context.Clock.GetUtcNow();
        var isAuctionCsv = parseResult.GetValue(format) == ImportFormat.Auction;
        var currency = PricingSettings.Currency(configuration);

        // The whole file is read and checked before the database is touched: a bad row imports nothing, and a
        // missing file is reported as the file's problem, not the database's.
        IReadOnlyList<AuctionCsvAuction>? auctions = null;
        IReadOnlyList<EbayCsvAuction>? ebayRows = null;
        try
        {
            if (isAuctionCsv)
            {
                auctions = AuctionCsv.Read(path);
            }
            else
            {
                ebayRows = EbayCsv.Read(path);
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot import {path}: {ex.Message}", ex);
        }

        await using var database = CliDatabase.Open(configuration);
        await database.RequireCurrentSchemaAsync(ct);
        ImportResult result;
        try
        {
            result = auctions is not null
                ? await database.RunAsync(db => HistoryImport.ImportAuctionCsvAsync(db, auctions, end, context.Clock, ct))
                : await database.RunAsync(db => HistoryImport.ImportEbayAsync(db, ebayRows!, currency, end, context.Clock, ct));
        }
        catch (InvalidDataException ex)
        {
            throw new CliException($"Cannot import {path}: {ex.Message}", ex);
        }

        context.Out.MarkupLine($"Read {result.Read} auctions from [bold]{Markup.Escape(path)}[/]: imported {result.Imported} (with {result.Bids} bids), {result.AlreadyImported} were already imported.");
        foreach (var (reason, count) in result.Skipped)
        {
            context.Out.MarkupLine($"Skipped {count}: {Markup.Escape(reason)}.");
        }

        context.Out.MarkupLine("Run [bold]gavel pricing train[/] to learn from them.");
        return CliActions.Success;
    }
}

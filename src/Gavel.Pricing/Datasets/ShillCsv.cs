using Gavel.Pricing.Shill;

namespace Gavel.Pricing.Datasets;

/// <summary>One row of the UCI shill bidding data: a bidder in an auction, its nine features and the label (1 = shill).</summary>
public sealed record ShillCsvRow(int AuctionId, string BidderId, ShillFeatureVector Features, bool IsShill);

public static class ShillCsv
{
    public const string FileName = "Shill_Bidding_Dataset.csv";

    public static IReadOnlyList<ShillCsvRow> Read(string path)
    {
        var names = ShillFeatureVector.Names;
        var file = CsvFile.Read(path, [.. names, "Auction_ID", "Bidder_ID", "Class"]);
        var columns = names.Select(file.Column).ToArray();
        int auction = file.Column("Auction_ID"), bidder = file.Column("Bidder_ID"), label = file.Column("Class");
        return file.Rows.Select((row, i) => new ShillCsvRow(
            (int)file.Number(row, auction, i),
            file.Text(row, bidder),
            new ShillFeatureVector([.. columns.Select(c => (float)file.Number(row, c, i))]),
            Label(file, row, label, i))).ToList();
    }

    /// <summary>The class as the UCI file writes it: 1 (shill) or 0 (normal). Anything else is refused, never read as normal.</summary>
    private static bool Label(CsvFile file, string[] row, int column, int rowIndex) => file.Text(row, column) switch
    {
        "1" => true,
        "0" => false,
        var other => throw new InvalidDataException($"{file.Path} row {rowIndex + 2}: Class '{other}' is not 0 (normal) or 1 (shill)."),
    };
}

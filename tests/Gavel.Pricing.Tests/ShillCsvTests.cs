using Gavel.Pricing.Datasets;

namespace Gavel.Pricing.Tests;

public sealed class ShillCsvTests
{
    // The UCI file's own header.
    private const string Header =
        "Record_ID,Auction_ID,Bidder_ID,Bidder_Tendency,Bidding_Ratio,Successive_Outbidding,Last_Bidding,Auction_Bids,Starting_Price_Average,Early_Bidding,Winning_Ratio,Auction_Duration,Class";

    [Fact]
    public void TheClassIsReadAsShillOrNormal()
    {
        using var folder = new TempFolder();
        var path = Write(folder, ["1,732,_***i,0.2,0.4,0,0.3,0,0.99,0.1,0.6,5,1", "2,732,g***r,0.02,0.2,0,0.9,0,0.99,0.9,0,5,0"]);

        var rows = ShillCsv.Read(path);

        Assert.Equal([true, false], rows.Select(r => r.IsShill));
        Assert.Equal("g***r", rows[1].BidderId);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("2")]
    [InlineData("")]
    public void AClassOtherThanZeroOrOneIsRefusedNotCountedAsNormal(string label)
    {
        using var folder = new TempFolder();
        var path = Write(folder, ["1,732,_***i,0.2,0.4,0,0.3,0,0.99,0.1,0.6,5,1", $"2,732,g***r,0.02,0.2,0,0.9,0,0.99,0.9,0,5,{label}"]);

        var refused = Assert.Throws<InvalidDataException>(() => ShillCsv.Read(path));

        Assert.Equal($"{path} row 3: Class '{label}' is not 0 (normal) or 1 (shill).", refused.Message);
    }

    private static string Write(TempFolder folder, string[] rows)
    {
        var path = System.IO.Path.Combine(folder.Path, "shill.csv");
        File.WriteAllLines(path, [Header, .. rows]);
        return path;
    }
}

using Gavel.Cli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Cli.Tests.Commands.Pricing;

public sealed class ImportAndTrainCommandTests
{
    [Fact]
    public async Task ImportTwiceReportsTheRowsAlreadyImportedAndTrainWritesAModel()
    {
        using var database = new SqliteTestDatabase();
        var models = Path.Combine(database.Folder, "models");
        var slice = Path.Combine(database.Folder, "auction-slice.csv");
        var lines = await File.ReadAllLinesAsync(Path.Combine(SharedData.Directory, "auction.csv"));
        var ids = lines.Skip(1).Select(l => l.Split(',')[0]).Distinct().Where((_, i) => i % 8 == 0).Take(60).ToHashSet();
        await File.WriteAllLinesAsync(slice, [lines[0], .. lines.Skip(1).Where(l => ids.Contains(l.Split(',')[0]))]);
        Assert.Equal(0, (await GavelTool.RunAsync(database.Args("db", "migrate"))).ExitCode);

        var first = await GavelTool.RunAsync(database.Args("pricing", "import", "--format", "auction", "--file", slice));
        var second = await GavelTool.RunAsync(database.Args("pricing", "import", "--format", "auction", "--file", slice));
        var train = await GavelTool.RunAsync(database.Args("pricing", "train", $"--Pricing:ModelDirectory={models}"));

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("imported 60", first.Output, StringComparison.Ordinal);
        Assert.Contains("imported 0 (with 0 bids), 60 were already imported", second.Output, StringComparison.Ordinal);
        Assert.True(train.ExitCode == 0, train.Error);
        // Most of the 60 sold auctions train the model (at least the 30 training needs); the rest are held out.
        var trained = int.Parse(System.Text.RegularExpressions.Regex.Match(train.Output, @" on (\d+) sold").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(trained, 30, 60);
        Assert.Single(Directory.GetDirectories(models, "pricing-*"));
        await using var db = database.Open();
        Assert.Equal(60, await db.Auctions.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, await db.LedgerTransactions.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TrainingAnEmptyPlatformIsARefusalThatSaysWhatToDo()
    {
        using var database = new SqliteTestDatabase();
        Assert.Equal(0, (await GavelTool.RunAsync(database.Args("db", "migrate"))).ExitCode);

        var train = await GavelTool.RunAsync(database.Args("pricing", "train", $"--Pricing:ModelDirectory={Path.Combine(database.Folder, "models")}"));

        Assert.Equal(1, train.ExitCode);
        Assert.StartsWith("error: Only 0 sold auction(s) to learn from; training needs at least 30", train.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(database.Folder, "models")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    public async Task ShillDataWithTooFewRowsOfAClassIsRefusedAndNothingIsWritten(int shillRows)
    {
        using var database = new SqliteTestDatabase();
        var models = Path.Combine(database.Folder, "models");
        var slice = Path.Combine(database.Folder, "auction-slice.csv");
        var lines = await File.ReadAllLinesAsync(Path.Combine(SharedData.Directory, "auction.csv"));
        var ids = lines.Skip(1).Select(l => l.Split(',')[0]).Distinct().Where((_, i) => i % 8 == 0).Take(60).ToHashSet();
        await File.WriteAllLinesAsync(slice, [lines[0], .. lines.Skip(1).Where(l => ids.Contains(l.Split(',')[0]))]);
        var shill = Path.Combine(database.Folder, "shill.csv");
        var rows = await File.ReadAllLinesAsync(SharedData.PathOf("Shill_Bidding_Dataset.csv"));
        await File.WriteAllLinesAsync(shill, [rows[0], .. rows.Skip(1).Where(r => r.EndsWith(",1", StringComparison.Ordinal)).Take(shillRows), .. rows.Skip(1).Where(r => r.EndsWith(",0", StringComparison.Ordinal)).Take(500)]);
        Assert.Equal(0, (await GavelTool.RunAsync(database.Args("db", "migrate"))).ExitCode);
        Assert.Equal(0, (await GavelTool.RunAsync(database.Args("pricing", "import", "--format", "auction", "--file", slice))).ExitCode);

        var train = await GavelTool.RunAsync(database.Args("pricing", "train", "--shill-data", shill, $"--Pricing:ModelDirectory={models}"));

        Assert.Equal(1, train.ExitCode);
        Assert.Equal(
            $"error: Cannot train the shill classifier on {shill} ({shillRows + 500} rows): it has {shillRows} shill row(s) (Class 1) and 500 normal row(s) (Class 0); each class needs at least 10.",
            train.Error.Trim());
        Assert.False(Directory.Exists(models) && Directory.EnumerateFileSystemEntries(models).Any(), "No model version may be written.");
    }
}

using Gavel.Cli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Cli.Tests.Commands.Pricing;

/// <summary>What an operator's mistakes with files and settings give: one line on stderr, exit code 1, nothing written.</summary>
public sealed class PricingInputErrorTests : IDisposable
{
    private readonly SqliteTestDatabase database = new();

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task ImportingAFileThatIsNotThereBlamesTheFileNotTheDatabase()
    {
        await MigrateAsync();
        var path = Path.Combine(database.Folder, "missing.csv");

        var run = await GavelTool.RunAsync(database.Args("pricing", "import", "--format", "auction", "--file", path));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: Cannot import {path}: The file {path} does not exist.", run.Error.Trim());
    }

    [Theory]
    [InlineData("pricing", "import", "--format", "ebay", "--file")]
    [InlineData("pricing", "train", "--shill-data")]
    public async Task AFolderGivenForAFileIsNamedAsAFolder(params string[] args)
    {
        await MigrateAsync();

        var run = await GavelTool.RunAsync(database.Args([.. args, database.Folder]));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: {args[^1]} {database.Folder} is a folder; give the CSV file in it.", run.Error.Trim());
    }

    [Theory]
    [InlineData("auction", "")]
    [InlineData("auction", "a,b,c\n1,2,3\n")]
    [InlineData("ebay", "auctionid,bid,bidtime,bidder,bidderrate,openbid,price,item,auction_type\n")]
    [InlineData("auction", "auctionid,bid,bidtime,bidder,bidderrate,openbid,price,item,auction_type\n1,10,0.5,ann,3,5,12,Xbox game console,7 day auction\n2,ten,0.5,bob,3,5,12,Xbox game console,7 day auction\n")]
    public async Task AFileOfTheWrongShapeImportsNothing(string format, string content)
    {
        await MigrateAsync();
        var path = Path.Combine(database.Folder, "history.csv");
        await File.WriteAllTextAsync(path, content, TestContext.Current.CancellationToken);

        var run = await GavelTool.RunAsync(database.Args("pricing", "import", "--format", format, "--file", path));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error: Cannot import {path}: {path} ", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
        await using var db = database.Open();
        Assert.False(await db.Auctions.AnyAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("7")]
    [InlineData("csv")]
    public async Task AnUnknownFormatIsRefusedByNameAndNothingIsRead(string format)
    {
        var run = await GavelTool.RunAsync(database.Args("pricing", "import", "--format", format, "--file", SharedData.PathOf("eBayAuctions.csv")));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"--format is '{format}'; use Auction or Ebay.", run.Error.Trim());
        Assert.False(File.Exists(database.FilePath));
    }

    [Fact]
    public async Task AMistypedPricingSettingIsAOneLineErrorNotAStackTrace()
    {
        await MigrateAsync();

        var run = await GavelTool.RunAsync(database.Args("pricing", "train", "--Pricing:MinimumTrainingAuctions=thirty"));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            "error: Cannot read the Pricing settings: Failed to convert configuration value 'thirty' at 'Pricing:MinimumTrainingAuctions' to type 'System.Int32'.",
            run.Error.Trim());
    }

    [Fact]
    public async Task APricingSettingTheServerWouldRefuseIsRefusedHereToo()
    {
        await MigrateAsync();

        var run = await GavelTool.RunAsync(database.Args("pricing", "train", "--Pricing:MinimumTrainingAuctions=5"));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: Invalid Pricing settings: Pricing:MinimumTrainingAuctions: The field MinimumTrainingAuctions must be between 10", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AModelDirectoryThatIsAFileFailsBeforeTraining()
    {
        await MigrateAsync();
        var models = Path.Combine(database.Folder, "models");
        await File.WriteAllTextAsync(models, "not a folder", TestContext.Current.CancellationToken);

        var run = await GavelTool.RunAsync(database.Args("pricing", "train", $"--Pricing:ModelDirectory={models}"));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: Pricing:ModelDirectory {models} is a file; it must be a folder (it is created if missing).", run.Error.Trim());
    }

    [Fact]
    public async Task EvaluatingIntoAFolderFailsBeforeTheSlowPart()
    {
        var data = Directory.CreateDirectory(Path.Combine(database.Folder, "no-data-here")).FullName;

        var run = await GavelTool.RunAsync("pricing", "evaluate", "--data", data, "--out", database.Folder);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error: --out {database.Folder} is a folder; give a file name", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluatingIntoAPlaceThatCannotHoldAFileFailsBeforeTheSlowPart()
    {
        var data = Directory.CreateDirectory(Path.Combine(database.Folder, "no-data-here")).FullName;
        var blocker = Path.Combine(database.Folder, "a-file");
        await File.WriteAllTextAsync(blocker, "", TestContext.Current.CancellationToken);
        var output = Path.Combine(blocker, "evaluation.json");

        var run = await GavelTool.RunAsync("pricing", "evaluate", "--data", data, "--out", output);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error: Cannot write the report {output}: ", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    public async Task EvaluatingOnTooLittleDataIsAOneLineError(int lines)
    {
        var data = Directory.CreateDirectory(Path.Combine(database.Folder, "truncated")).FullName;
        foreach (var source in Directory.GetFiles(SharedData.Directory, "*.csv"))
        {
            var head = File.ReadLines(source).Take(lines).ToList();
            await File.WriteAllLinesAsync(Path.Combine(data, Path.GetFileName(source)), head, TestContext.Current.CancellationToken);
        }

        var output = Path.Combine(database.Folder, "evaluation.json");
        var run = await GavelTool.RunAsync("pricing", "evaluate", "--data", data, "--out", output);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error: Cannot evaluate on the data in {data}: ", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task ShillDataWithOnlyAHeaderIsAOneLineError()
    {
        await MigrateAsync();
        var shill = Path.Combine(database.Folder, "shill.csv");
        await File.WriteAllLinesAsync(shill, File.ReadLines(SharedData.PathOf("Shill_Bidding_Dataset.csv")).Take(1), TestContext.Current.CancellationToken);

        var run = await GavelTool.RunAsync(database.Args("pricing", "train", "--shill-data", shill));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error: Cannot train the shill classifier on {shill} (0 rows): ", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    private async Task MigrateAsync() =>
        Assert.Equal(0, (await GavelTool.RunAsync(database.Args("db", "migrate"))).ExitCode);
}

using Gavel.Cli.Tests.Infrastructure;
using Gavel.Core.Accounts;
using Gavel.Core.Auctions;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Cli.Tests.Commands.Db;

public sealed class MigrateCommandTests
{
    [Fact]
    public async Task MigrateCreatesTheSchemaAndSaysWhichMigrationsItApplied()
    {
        using var database = new SqliteTestDatabase();

        var run = await GavelTool.RunAsync(database.Args("db", "migrate"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Provider: Sqlite", run.Output, StringComparison.Ordinal);
        Assert.Contains(database.FilePath, run.Output, StringComparison.Ordinal);
        await using var db = database.Open();
        var applied = (await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken)).ToList();
        Assert.NotEmpty(applied);
        Assert.All(applied, migration => Assert.Contains(migration, run.Output, StringComparison.Ordinal));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task MigrateAgainChangesNothingAndSaysNothingWasPending()
    {
        using var database = new SqliteTestDatabase();
        Assert.Equal(0, (await GavelTool.RunAsync(database.Args("db", "migrate"))).ExitCode);

        var again = await GavelTool.RunAsync(database.Args("db", "migrate"));

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("No pending migrations", again.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Applied", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableDatabaseFailsWithOneLineErrorThatHidesThePassword()
    {
        var run = await GavelTool.RunAsync(
            "db", "migrate", "--provider", "Postgres",
            "--connection", "Host=127.0.0.1;Port=1;Username=ops;Password=hunter2-secret;Database=gavel;Timeout=3");

        Assert.Equal(1, run.ExitCode);
        var error = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: Cannot connect to the Postgres database ops@127.0.0.1:1/gavel", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Output + run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASqliteFileThatCannotBeOpenedPointsAtTheFileNotAServer()
    {
        // /proc exists but takes no new files, not even from root.
        var run = await GavelTool.RunAsync("db", "migrate", "--connection", "Data Source=/proc/gavel-cli-test.db");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            "error: Cannot connect to the Sqlite database /proc/gavel-cli-test.db: SQLite Error 14: 'unable to open database file'. Check ConnectionStrings:Gavel and that the database file's folder exists and this user may write there.",
            run.Error.Trim());
    }

    [Theory]
    [InlineData("MySql")]
    [InlineData("1")]
    public async Task UnknownProviderShorthandIsRejectedByName(string provider)
    {
        using var database = new SqliteTestDatabase();

        var run = await GavelTool.RunAsync(database.Args("db", "migrate", "--provider", provider));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"--provider is '{provider}'; use Sqlite or Postgres.", run.Error.Trim());
        Assert.False(File.Exists(database.FilePath));
    }

    [Fact]
    public async Task UnknownProviderIsRejectedWithTheAllowedValues()
    {
        using var database = new SqliteTestDatabase();

        var run = await GavelTool.RunAsync(database.Args("db", "migrate", "--Database:Provider=MySql"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Database:Provider is 'MySql'; use Sqlite or Postgres", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(database.FilePath));
    }

    [Fact]
    public async Task MigrateWithNothingPendingFillsTheSearchTextOfAuctionsAnOlderVersionWrote()
    {
        var ct = TestContext.Current.CancellationToken;
        using var database = new SqliteTestDatabase();
        Assert.Equal(0, (await GavelTool.RunAsync(database.Args("db", "migrate"))).ExitCode);
        Guid id;
        await using (var db = database.Open())
        {
            await DefaultCategories.EnsureAsync(db, ct);
            var seller = new User { Email = "s@test.gavel", NormalizedEmail = "s@test.gavel", DisplayName = "Seller", PasswordHash = "unusable" };
            var at = DateTimeOffset.UtcNow;
            var auction = new Auction
            {
                SellerId = seller.Id, Title = "Pokémon Red", Description = "<p>Boxed</p>", CategoryId = await db.Categories.Select(c => c.Id).FirstAsync(ct),
                StartingPrice = 5m, EndsAt = at.AddDays(1), ScheduledEndsAt = at.AddDays(1), CreatedAt = at,
            };
            db.AddRange(seller, auction);
            await db.SaveChangesAsync(ct);
            id = auction.Id;

            // What a server that does not know the column leaves in it.
            await db.Auctions.ExecuteUpdateAsync(s => s.SetProperty(a => a.SearchText, (string?)null), ct);
        }

        var again = await GavelTool.RunAsync(database.Args("db", "migrate"));

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("No pending migrations", again.Output, StringComparison.Ordinal);
        Assert.Contains("Filled the search columns of 1 row written by an older version.", again.Output, StringComparison.Ordinal);
        await using (var db = database.Open())
        {
            Assert.Equal("pokemon red boxed", await db.Auctions.Where(a => a.Id == id).Select(a => a.SearchText).SingleAsync(ct));
        }
    }
}

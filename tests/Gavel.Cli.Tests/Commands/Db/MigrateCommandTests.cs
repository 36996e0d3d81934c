using Gavel.Cli.Tests.Infrastructure;
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
}

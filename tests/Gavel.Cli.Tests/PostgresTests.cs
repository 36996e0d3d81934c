using System.Collections.Concurrent;
using Gavel.Cli.Tests.Infrastructure;
using Gavel.Core.Accounts;
using Gavel.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Gavel.Cli.Tests;

public sealed class PostgresTests
{
    [Fact]
    public async Task MigrateCreatesAFreshDatabaseAndCreateAdminWorksOnIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await PostgresTestDatabase.ReserveAsync(ct);
        string[] target = ["--provider", "Postgres", "--connection", database.ConnectionString, "--Auth:PasswordHashIterations=1000"];

        var migrate = await GavelTool.RunAsync(["db", "migrate", .. target]);
        var again = await GavelTool.RunAsync(["db", "migrate", .. target]);
        var admin = await GavelTool.RunAsync(["users", "create-admin", "--email", "root@example.com", "--password", "a long enough password", .. target]);

        Assert.Equal(0, migrate.ExitCode);
        Assert.Contains("Provider: Postgres", migrate.Output, StringComparison.Ordinal);
        Assert.Contains($"/{database.Name}", migrate.Output, StringComparison.Ordinal);
        Assert.Contains("Created the database", migrate.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Password=", migrate.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("No pending migrations", again.Output, StringComparison.Ordinal);
        Assert.Equal(0, admin.ExitCode);

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var query = new NpgsqlCommand(
            """SELECT u."IsAdmin", u."PasswordHash", w."UserId" IS NOT NULL FROM "Users" u LEFT JOIN "Wallets" w ON w."UserId" = u."Id" WHERE u."NormalizedEmail" = 'root@example.com'""",
            connection);
        await using var row = await query.ExecuteReaderAsync(ct);
        Assert.True(await row.ReadAsync(ct));
        Assert.True(row.GetBoolean(0));
        Assert.True(new PasswordHasher().Verify("a long enough password", row.GetString(1)));
        Assert.True(row.GetBoolean(2));
    }

    [Fact]
    public async Task MigratingAnEmptyDatabaseLogsNoError()
    {
        // EF reads the migrations history before creating it; unguarded, every first start on a pre-created
        // database logged "fail: Failed executing DbCommand ... __EFMigrationsHistory".
        var ct = TestContext.Current.CancellationToken;
        await using var database = await PostgresTestDatabase.ReserveAsync(ct);
        await database.CreateEmptyAsync(ct);
        var errors = new ConcurrentQueue<string>();
        var options = new DbContextOptionsBuilder<PostgresGavelDbContext>()
            .UseNpgsql(database.ConnectionString)
            .LogTo(errors.Enqueue, LogLevel.Error)
            .Options;

        await using (var db = new PostgresGavelDbContext(options))
        {
            await GavelDatabase.MigrateAsync(db, ct);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
        }

        Assert.Empty(errors);
    }
}

using Gavel.Core.Data;
using Npgsql;

namespace Gavel.Server.Tests.Infrastructure;

/// <summary>
/// A fresh database for one test: a temporary SQLite file, or a new PostgreSQL database on the server named
/// by GAVEL_TEST_POSTGRES (default: the gavel user on localhost that .ci/run creates). Without a PostgreSQL
/// server the PostgreSQL tests skip on a developer machine and fail under CI=true.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private const string DefaultPostgres = "Host=localhost;Username=gavel;Password=gavel;Database=postgres;Timeout=5";

    private readonly string? sqliteFolder;
    private readonly string? postgresName;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? sqliteFolder, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        this.sqliteFolder = sqliteFolder;
        this.postgresName = postgresName;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public static string PostgresAdminConnectionString =>
        Environment.GetEnvironmentVariable("GAVEL_TEST_POSTGRES") is { Length: > 0 } cs ? cs : DefaultPostgres;

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var folder = Directory.CreateTempSubdirectory("gavel-test-").FullName;
            return new TestDatabase(provider, $"Data Source={Path.Combine(folder, "gavel.db")}", folder, null);
        }

        var name = "gavel_t_" + Guid.NewGuid().ToString("N")[..16];
        try
        {
            await using var admin = new NpgsqlConnection(PostgresAdminConnectionString);
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            var reason = $"PostgreSQL is not reachable at '{Redacted(PostgresAdminConnectionString)}' ({ex.Message}). "
                + "Install and start it as .ci/run does, or set GAVEL_TEST_POSTGRES.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("Under CI=true PostgreSQL is required: " + reason, ex);
            }

            Assert.Skip(reason);
        }

        var builder = new NpgsqlConnectionStringBuilder(PostgresAdminConnectionString) { Database = name, MaxPoolSize = 40 };
        return new TestDatabase(provider, builder.ConnectionString, null, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (sqliteFolder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(sqliteFolder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a finishing background task; the temp folder is cleaned by the OS.
            }
        }

        if (postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();

            // A connection PostgreSQL itself holds for a moment (another role's) can refuse FORCE: retry, and
            // leave the database behind rather than fail a test over clean-up.
            for (var attempt = 1; attempt <= 5; attempt++)
            {
                try
                {
                    await using var admin = new NpgsqlConnection(PostgresAdminConnectionString);
                    await admin.OpenAsync();
                    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {postgresName} WITH (FORCE)", admin);
                    await drop.ExecuteNonQueryAsync();
                    return;
                }
                catch (PostgresException) when (attempt < 5)
                {
                    await Task.Delay(200 * attempt);
                }
                catch (PostgresException)
                {
                    return;
                }
            }
        }
    }

    private static string Redacted(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Password = null }.ConnectionString;
}

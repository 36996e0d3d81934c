using Npgsql;

namespace Gavel.Cli.Tests.Infrastructure;

/// <summary>
/// A fresh database on the local PostgreSQL server (GAVEL_TEST_POSTGRES overrides where it is). Without a
/// reachable server the test skips on a developer machine and fails under CI=true.
/// </summary>
internal sealed class PostgresTestDatabase : IAsyncDisposable
{
    private const string DefaultServer = "Host=localhost;Username=gavel;Password=gavel;Database=postgres;Timeout=5";

    private PostgresTestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    private static string Server =>
        Environment.GetEnvironmentVariable("GAVEL_TEST_POSTGRES") is { Length: > 0 } cs ? cs : DefaultServer;

    /// <summary>Names a database that does not exist yet: `gavel db migrate` is what creates it.</summary>
    public static async Task<PostgresTestDatabase> ReserveAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(Server);
            await connection.OpenAsync(ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            var where = new NpgsqlConnectionStringBuilder(Server) { Password = null }.ConnectionString;
            var reason = $"PostgreSQL is not reachable at '{where}' ({ex.Message}); start it as .ci/run does, or set GAVEL_TEST_POSTGRES.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("Under CI=true PostgreSQL is required: " + reason, ex);
            }

            Assert.Skip(reason);
        }

        var name = "gavel_cli_" + Guid.NewGuid().ToString("N")[..16];
        var connectionString = new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString;
        return new PostgresTestDatabase(name, connectionString);
    }

    /// <summary>Creates the reserved database, empty, as an operator who pre-creates it for Gavel would.</summary>
    public async Task CreateEmptyAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync(ct);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {Name}", connection);
        await create.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

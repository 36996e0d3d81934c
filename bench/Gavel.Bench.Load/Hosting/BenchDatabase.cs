using System.Diagnostics;

namespace Gavel.Bench.Load.Hosting;

public enum Provider
{
    Sqlite,
    Postgres,
}

/// <summary>A fresh, empty database for one server run, removed afterwards: a temporary SQLite file or a new PostgreSQL database.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly Action cleanup;

    private BenchDatabase(Provider provider, string connectionString, string description, Action cleanup, string? postgresName = null)
    {
        PostgresName = postgresName;
        Provider = provider;
        ConnectionString = connectionString;
        Description = description;
        this.cleanup = cleanup;
    }

    public Provider Provider { get; }

    public string ConnectionString { get; }

    public string Description { get; }

    /// <summary>The PostgreSQL database's name; null for SQLite.</summary>
    public string? PostgresName { get; }

    public static async Task<BenchDatabase> CreateAsync(Provider provider, PostgresServer postgres, CancellationToken ct)
    {
        if (provider == Provider.Sqlite)
        {
            var folder = Directory.CreateTempSubdirectory("gavel-bench-");
            var file = Path.Combine(folder.FullName, "gavel.db");
            return new BenchDatabase(provider, $"Data Source={file}", file, () => folder.Delete(recursive: true));
        }

        var name = $"gavel_bench_{DateTime.UtcNow:yyyyMMddHHmmss}_{Random.Shared.Next(1000, 9999)}";
        await postgres.PsqlAsync($"CREATE DATABASE {name};", ct);
        return new BenchDatabase(
            provider,
            postgres.ConnectionString(name),
            $"PostgreSQL database {name}",
            () => postgres.PsqlAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE);", CancellationToken.None).GetAwaiter().GetResult(),
            name);
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            cleanup();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or BenchException)
        {
            Console.Error.WriteLine($"warning: could not remove {Description}: {ex.Message}");
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>The local PostgreSQL server, reached with psql as the gavel user (password from the options).</summary>
/// <summary>Extra: more Npgsql connection-string keywords for the server (for example "Max Auto Prepare=20").</summary>
internal sealed record PostgresServer(string Host, int Port, string User, string Password, string? Extra = null)
{
    public string ConnectionString(string database) =>
        $"Host={Host};Port={Port};Username={User};Password={Password};Database={database}" + (string.IsNullOrWhiteSpace(Extra) ? "" : ";" + Extra.Trim(';'));

    public async Task PsqlAsync(string sql, CancellationToken ct)
    {
        var start = new ProcessStartInfo("psql")
        {
            ArgumentList = { "-h", Host, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", User, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment = { ["PGPASSWORD"] = Password },
        };
        using var process = Process.Start(start) ?? throw new BenchException("Cannot start psql; is PostgreSQL's client installed?");
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new BenchException($"psql failed ({sql}): {(await error).Trim()}");
        }
    }
}

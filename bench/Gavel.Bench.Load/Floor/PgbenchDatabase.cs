using System.Diagnostics;
using System.Globalization;
using Gavel.Bench.Load.Hosting;

namespace Gavel.Bench.Load.Floor;

/// <summary>A fresh database initialised by `pgbench -i -s N` (the tables pgbench -N works on), dropped afterwards.</summary>
internal sealed class PgbenchDatabase(PostgresServer postgres, string name) : IAsyncDisposable
{
    public string Name => name;

    public static async Task<PgbenchDatabase> CreateAsync(PostgresServer postgres, int scale, CancellationToken ct)
    {
        var name = $"gavel_floor_{DateTime.UtcNow:yyyyMMddHHmmss}_{Random.Shared.Next(1000, 9999)}";
        await postgres.PsqlAsync($"CREATE DATABASE {name};", ct);
        var database = new PgbenchDatabase(postgres, name);
        try
        {
            Console.WriteLine($"  pgbench -i -s {scale} {name}");
            var start = new ProcessStartInfo(PgbenchPath())
            {
                ArgumentList = { "-i", "-s", scale.ToString(CultureInfo.InvariantCulture), "-q", "-h", postgres.Host, "-p", postgres.Port.ToString(CultureInfo.InvariantCulture), "-U", postgres.User, name },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["PGPASSWORD"] = postgres.Password },
            };
            using var process = Process.Start(start) ?? throw new BenchException("Cannot start pgbench.");
            var output = Task.WhenAll(process.StandardOutput.ReadToEndAsync(ct), process.StandardError.ReadToEndAsync(ct));
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
            {
                throw new BenchException($"pgbench -i failed: {string.Concat(await output).Trim()}");
            }

            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await postgres.PsqlAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE);", CancellationToken.None);
        }
        catch (BenchException ex)
        {
            Console.Error.WriteLine($"warning: could not drop {name}: {ex.Message}");
        }
    }

    /// <summary>pgbench on the PATH, else the newest under /usr/lib/postgresql (Debian puts it there), as bench/run-pgbench.sh looks.</summary>
    private static string PgbenchPath()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, "pgbench")).FirstOrDefault(File.Exists);
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(dir => Path.Combine(dir, "bin", "pgbench")).Where(File.Exists).OrderBy(p => p, StringComparer.Ordinal).LastOrDefault()
            : null;
        return onPath ?? debian ?? throw new BenchException("pgbench not found (apt-get install postgresql-contrib).");
    }
}

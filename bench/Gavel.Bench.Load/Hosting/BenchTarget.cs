namespace Gavel.Bench.Load.Hosting;

/// <summary>Where the load goes: a server this tool started on a fresh database (stopped and dropped afterwards), or a running one at --url.</summary>
internal sealed class BenchTarget : IAsyncDisposable
{
    private readonly ServerProcess? server;
    private readonly BenchDatabase? database;

    private BenchTarget(Uri url, string description, ServerProcess? server, BenchDatabase? database)
    {
        Url = url;
        Description = description;
        this.server = server;
        this.database = database;
    }

    public Uri Url { get; }

    public string Description { get; }

    public string? ServerLog => server?.LogPath;

    /// <summary>The run's PostgreSQL database, whose backends' CPU is measured; null for SQLite or an external server.</summary>
    public string? PostgresDatabase => database?.PostgresName;

    /// <summary>
    /// Turns a failed request into a clear report when the cause is that the server process is gone (it crashed,
    /// or something else on the machine stopped it); otherwise returns and the caller rethrows.
    /// </summary>
    public void ThrowIfServerExited()
    {
        if (server?.UnexpectedExitCode is { } code)
        {
            throw new BenchException($"The server process exited with code {code} during the run; see {server.LogPath}.");
        }
    }

    /// <summary>CPU time of the server process (zero for an external server, which this tool cannot see).</summary>
    public TimeSpan ServerCpu() => server?.CpuTime ?? TimeSpan.Zero;

    public static async Task<BenchTarget> OpenAsync(TargetOptions options, IReadOnlyDictionary<string, string> settings, string logPath, CancellationToken ct)
    {
        if (options.Url is { } url)
        {
            await ServerProcess.WaitReadyAsync(url, null, TimeSpan.FromSeconds(10), ct);
            return new BenchTarget(url, $"running server at {url}", null, null);
        }

        var database = await BenchDatabase.CreateAsync(options.Provider, options.Postgres, ct);
        try
        {
            var all = new Dictionary<string, string>(settings);
            foreach (var (key, value) in options.ExtraSettings)
            {
                all[key] = value;
            }

            var server = await ServerProcess.StartAsync(options.ServerDll ?? RepoPaths.ServerDll, database, all, logPath, ct);
            Console.WriteLine($"  server {server.Url} on {database.Description} (log {logPath})");
            return new BenchTarget(server.Url, $"{options.Provider} ({database.Description})", server, database);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}

/// <summary>ExtraSettings: server settings from --server-setting, applied over the scenario's own.</summary>
/// <summary>ServerDll: the Gavel.Server.dll to start (null: the Release build of src/Gavel.Server).</summary>
internal sealed record TargetOptions(Provider Provider, Uri? Url, PostgresServer Postgres, IReadOnlyDictionary<string, string> ExtraSettings, string? ServerDll = null);

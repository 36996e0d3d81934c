using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Gavel.Bench.Load.Hosting;

/// <summary>
/// The Gavel server as a child process: the Release build's dll on a free loopback port, on a fresh database,
/// with the load-test settings. Its console output goes to a log file, which is where 5xx stack traces land.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;
    private readonly Task pump;
    private readonly string workDir;
    private bool stopping;

    private ServerProcess(Process process, Uri url, string logPath, StreamWriter log, Task pump, string workDir)
    {
        this.process = process;
        this.workDir = workDir;
        Url = url;
        LogPath = logPath;
        this.log = log;
        this.pump = pump;
    }

    public Uri Url { get; }

    public string LogPath { get; }

    /// <summary>Set when the server is gone before this tool stopped it: its exit code, or a signal (128 + n).</summary>
    public int? UnexpectedExitCode => process.HasExited && !stopping ? process.ExitCode : null;

    public TimeSpan CpuTime
    {
        get
        {
            try
            {
                process.Refresh();
                return process.HasExited ? TimeSpan.Zero : process.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                return TimeSpan.Zero;
            }
        }
    }

    /// <summary>`dotnet build -c Release src/Gavel.Server`, once per tool run.</summary>
    public static async Task BuildAsync(CancellationToken ct)
    {
        Console.WriteLine($"Building {RepoPaths.ServerProject} (Release)...");
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { "build", "-c", "Release", "--nologo", "-v", "q", RepoPaths.ServerProject } };
        using var build = Process.Start(start) ?? throw new BenchException("Cannot start dotnet.");
        await build.WaitForExitAsync(ct);
        if (build.ExitCode != 0)
        {
            throw new BenchException($"dotnet build -c Release {RepoPaths.ServerProject} failed with exit code {build.ExitCode}.");
        }
    }

    public static async Task<ServerProcess> StartAsync(string serverDll, BenchDatabase database, IReadOnlyDictionary<string, string> settings, string logPath, CancellationToken ct)
    {
        if (!File.Exists(serverDll))
        {
            throw new BenchException($"{serverDll} is missing; build it (drop --no-build).");
        }

        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        var workDir = Directory.CreateTempSubdirectory("gavel-bench-server-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["DOTNET_NOLOGO"] = "1",
            },
        };
        start.ArgumentList.Add(serverDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url.ToString().TrimEnd('/'));

        // The build output's appsettings.json (log levels among others) applies, while relative paths such as
        // data/ land in the temporary working folder.
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(Path.GetDirectoryName(serverDll)!);
        var all = new Dictionary<string, string>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:Gavel"] = database.ConnectionString,
            ["Demo:Seed"] = "false",
            // A key made for this run only: the server refuses to start without one outside Development.
            ["Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        foreach (var (key, value) in all)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new BenchException("Cannot start dotnet.");
        var pump = Task.WhenAll(Pump(process.StandardOutput, log), Pump(process.StandardError, log));
        var server = new ServerProcess(process, url, logPath, log, pump, workDir);
        try
        {
            await server.WaitReadyAsync(TimeSpan.FromSeconds(90), ct);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Polls /health/ready (the database answers) until it says 200, the process dies or the time is up.</summary>
    public static async Task WaitReadyAsync(Uri url, Func<bool>? exited, TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (exited?.Invoke() == true)
            {
                throw new BenchException("The server exited during start-up.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Slow to answer while it migrates.
            }

            await Task.Delay(200, ct);
        }

        throw new BenchException($"{url} did not answer /health/ready within {timeout.TotalSeconds:0} s.");
    }

    private async Task WaitReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await WaitReadyAsync(Url, () => process.HasExited, timeout, ct);
        }
        catch (BenchException ex)
        {
            throw new BenchException($"{ex.Message} See {LogPath}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        stopping = true;
        if (!process.HasExited)
        {
            // SIGTERM first so the host shuts down cleanly; kill only if it hangs.
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        await pump;
        await log.DisposeAsync();
        process.Dispose();
        Directory.Delete(workDir, recursive: true);
    }

    private static async Task Pump(StreamReader from, StreamWriter to)
    {
        while (await from.ReadLineAsync() is { } line)
        {
            lock (to)
            {
                to.WriteLine(line);
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

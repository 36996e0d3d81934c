using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using Gavel.Bench.Load.Hosting;
using Gavel.Bench.Load.Load;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gavel.Bench.Load.Floor;

internal sealed record FloorOptions(FloorMode Mode, int Clients, int Writers, int Scale, TimeSpan Warmup, TimeSpan Duration, PostgresServer Postgres);

/// <summary>
/// Starts the floor server (this tool's own `floor-serve` command, a child process) on a pgbench-initialised
/// database and drives it with C clients posting pgbench -N's random arguments back to back, as the bid load does.
/// </summary>
internal static class FloorScenario
{
    public static async Task<FloorResult> RunAsync(FloorOptions options, string database, string outputFolder, CancellationToken ct)
    {
        var name = $"floor-{options.Mode.ToString().ToLowerInvariant()}";
        Console.WriteLine($"== {name}: {options.Clients} clients, warm-up {options.Warmup.TotalSeconds:0} s, measured {options.Duration.TotalSeconds:0} s");
        var key = RandomNumberGenerator.GetBytes(32);
        var port = ServerProcess.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                typeof(FloorScenario).Assembly.Location, "floor-serve",
                "--mode", options.Mode.ToString(),
                "--port", port.ToString(CultureInfo.InvariantCulture),
                "--connection", options.Postgres.ConnectionString(database),
                "--writers", options.Writers.ToString(CultureInfo.InvariantCulture),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { [FloorServer.KeyVariable] = Convert.ToBase64String(key), ["DOTNET_NOLOGO"] = "1" },
        };
        using var server = Process.Start(start) ?? throw new BenchException("Cannot start dotnet.");
        var logPath = Path.Combine(outputFolder, $"server-{name}.log");
        var log = Task.WhenAll(server.StandardOutput.ReadToEndAsync(ct), server.StandardError.ReadToEndAsync(ct));
        var url = new Uri($"http://127.0.0.1:{port}");
        try
        {
            await ServerProcess.WaitReadyAsync(url, () => server.HasExited, TimeSpan.FromSeconds(60), ct);
            var token = Token(key);
            TimeSpan ServerCpu()
            {
                server.Refresh();
                return server.HasExited ? TimeSpan.Zero : server.TotalProcessorTime;
            }

            var stats = await LoadAsync(url, token, options, ServerCpu, options.Mode == FloorMode.Http ? null : database, ct);
            return FloorResult.From(name, options, stats.Stats, stats.Cpu);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }

            await server.WaitForExitAsync(CancellationToken.None);
            var output = await log;
            await File.WriteAllTextAsync(logPath, output[0] + output[1], CancellationToken.None);
        }
    }

    private static async Task<(ClientStats Stats, CpuUsage Cpu)> LoadAsync(
        Uri url, string token, FloorOptions options, Func<TimeSpan> serverCpu, string? database, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Clients + 8,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
        })
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var clock = Stopwatch.StartNew();
        var measureTo = options.Warmup + options.Duration;
        var sampler = Task.Run(async () =>
        {
            await Task.Delay(options.Warmup, ct);
            var cpu = new MachineCpu(serverCpu, database);
            await Task.Delay(options.Duration, ct);
            return cpu.Stop();
        }, ct);
        var accounts = 100_000 * options.Scale;
        var clients = Enumerable.Range(0, options.Clients).Select(i => Task.Run(async () =>
        {
            var stats = new ClientStats((int)Math.Ceiling(options.Duration.TotalSeconds));
            var random = new Random(i);
            while (clock.Elapsed < measureTo)
            {
                var body = new FloorRequest(random.Next(1, accounts + 1), random.Next(1, (10 * options.Scale) + 1), random.Next(1, options.Scale + 1), random.Next(-5000, 5001));
                var sentAt = clock.Elapsed;
                var started = Stopwatch.GetTimestamp();
                var (outcome, text) = await SendAsync(http, token, body, ct);
                stats.Record(outcome, text, (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds, sentAt >= options.Warmup ? (int)(sentAt - options.Warmup).TotalSeconds : -1);
            }

            return stats;
        }, ct)).ToList();
        var all = await Task.WhenAll(clients);
        return (ClientStats.Merge(all), await sampler);
    }

    private static async Task<(string Outcome, string? Body)> SendAsync(HttpClient http, string token, FloorRequest body, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/floor") { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            return (((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), text);
        }
        catch (HttpRequestException ex)
        {
            return ($"{Outcomes.TransportPrefix}{ex.HttpRequestError}", ex.Message);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            return ($"{Outcomes.TransportPrefix}timeout", ex.Message);
        }
    }

    /// <summary>An access token like Gavel's: HS256, issuer and audience, a subject, fifteen minutes.</summary>
    private static string Token(byte[] key) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = FloorServer.Issuer,
        Audience = FloorServer.Issuer,
        Subject = new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString()), new Claim("role", "user")]),
        Expires = DateTime.UtcNow.AddMinutes(15),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
    });
}

/// <summary>What one floor mode measured.</summary>
internal sealed record FloorResult(
    string Name, string Mode, int Clients, int Writers, double DurationSeconds, long Requests, long Created, long Errors,
    double CreatedPerSecond, LatencySummary Latency, IReadOnlyDictionary<string, long> Outcomes, IReadOnlyList<long> CreatedPerSecondTimeline,
    CpuUsage Cpu, IReadOnlyList<string> ErrorSamples)
{
    public static FloorResult From(string name, FloorOptions options, ClientStats stats, CpuUsage cpu)
    {
        var requests = stats.Measured.Values.Sum();
        var created = stats.Measured.GetValueOrDefault(Load.Outcomes.Accepted);
        return new FloorResult(
            name, options.Mode.ToString().ToLowerInvariant(), options.Clients, options.Mode is FloorMode.Grouped or FloorMode.EfGrouped ? options.Writers : 0,
            options.Duration.TotalSeconds, requests, created, requests - created, Math.Round(created / options.Duration.TotalSeconds, 1),
            LatencySummary.From(stats.AcceptedLatencyMicros), stats.Measured, stats.AcceptedTimeline, cpu, stats.ErrorSamples);
    }
}

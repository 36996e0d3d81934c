using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gavel.Bench.Load.Baseline;
using Gavel.Bench.Load.Closer;
using Gavel.Bench.Load.Floor;
using Gavel.Bench.Load.Load;

namespace Gavel.Bench.Load;

/// <summary>Everything one invocation measured, as JSON (for the record) and as Markdown tables (for docs/BENCHMARKS.md).</summary>
internal sealed class Report
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public string CommandLine { get; } = "Gavel.Bench.Load " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1));

    public string Machine { get; } = $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0):0.0} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";

    public string? LoadAverageAtStart { get; } = ReadLoadAverage();

    public List<BidScenarioResult> Bids { get; } = [];

    public PgbenchResult? Pgbench { get; set; }

    public List<CloserResult> Closer { get; } = [];

    public List<FloorResult> Floor { get; } = [];

    /// <summary>The floor command's second pgbench run, after its modes, so a ratio can be given against both.</summary>
    public PgbenchResult? PgbenchAfter { get; set; }

    /// <summary>Steps of `all` that failed; the others still ran.</summary>
    public List<string> Failures { get; } = [];

    public async Task TryAsync(string step, Func<Task> run)
    {
        try
        {
            await run();
        }
        catch (BenchException ex)
        {
            Console.Error.WriteLine($"error in {step}: {ex.Message}");
            Failures.Add($"{step}: {ex.Message}");
        }
    }

    /// <summary>Bids/s of the spread scenario on PostgreSQL over pgbench -N tps at the same client count (goal: >= 0.7).</summary>
    public double? SpreadPostgresToPgbench =>
        Pgbench is { Tps: > 0 } pg && Bids.FirstOrDefault(b => b is { Scenario: "spread", Provider: "postgres" } && b.Clients == pg.Clients) is { } spread
            ? Math.Round(spread.AcceptedPerSecond / pg.Tps, 3)
            : null;

    public async Task SaveAsync(string folder, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "results.json"), JsonSerializer.Serialize(this, Json), ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "results.md"), ToMarkdown(), ct);
        Console.WriteLine();
        Console.WriteLine(ToMarkdown());
        Console.WriteLine($"Results: {Path.Combine(folder, "results.json")} and results.md");
    }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(c, $"Run started {StartedAt:yyyy-MM-dd HH:mm:ss} UTC on {Machine}; load average at start: {LoadAverageAtStart ?? "n/a"}.");
        md.AppendLine(c, $"Command: `{CommandLine}`");
        if (Bids.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("| scenario | db | clients | accepted bids/s | bid requests/s | p50 ms | p95 ms | p99 ms | 409 too low | other 4xx | 5xx | conn. errors | CPU cores: server / postgres / load gen / machine | CPU ms per request: server / postgres |");
            md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
            foreach (var b in Bids)
            {
                md.AppendLine(c,
                    $"| {b.Scenario} ({b.Auctions}){(b.IdempotencyKeys ? " + Idempotency-Key" : "")} | {b.Provider} | {b.Clients} | {b.AcceptedPerSecond:0.0} | {b.RequestsPerSecond:0.0} | {b.Latency.P50Ms:0.0} | {b.Latency.P95Ms:0.0} | {b.Latency.P99Ms:0.0} | {b.BidTooLow} | {b.InsufficientFunds + b.RateLimited + b.OtherResponses} | {b.ServerErrors} | {b.TransportErrors} | {b.Cpu.ServerCores:0.00} / {b.Cpu.PostgresCores:0.00} / {b.Cpu.LoadGeneratorCores:0.00} / {b.Cpu.MachineBusyCores:0.00} | {PerRequest(b.Cpu.ServerCores, b.RequestsPerSecond)} / {PerRequest(b.Cpu.PostgresCores, b.RequestsPerSecond)} |");
            }
        }

        if (Pgbench is { } pg)
        {
            md.AppendLine();
            md.AppendLine(c, $"pgbench -N -c {pg.Clients} -j 2 -T {pg.Seconds} (scale {pg.Scale}): {pg.Tps:0.0} tps, average latency {pg.LatencyAverageMs} ms; CPU cores of its postgres backends / machine: {pg.Cpu?.PostgresCores:0.00} / {pg.Cpu?.MachineBusyCores:0.00}.");
            if (SpreadPostgresToPgbench is { } ratio)
            {
                md.AppendLine(c, $"Spread on PostgreSQL / pgbench -N at {pg.Clients} clients: {ratio:0.000} (goal >= 0.7).");
            }
        }

        if (Floor.Count > 0)
        {
            var baselines = new[] { Pgbench, PgbenchAfter }.OfType<PgbenchResult>().Select(p => p.Tps).ToList();
            md.AppendLine();
            md.AppendLine(c, $"pgbench -N before / after the floor modes: {string.Join(" / ", baselines.Select(t => t.ToString("0.0", c)))} tps.");
            md.AppendLine();
            md.AppendLine("| floor mode | clients | writers | 201/s | over pgbench -N (before / after) | p50 ms | p99 ms | errors | CPU cores: server / postgres / load gen / machine | CPU ms per request: server / postgres |");
            md.AppendLine("|---|---:|---:|---:|---|---:|---:|---:|---|---|");
            foreach (var f in Floor)
            {
                var ratios = string.Join(" / ", baselines.Select(t => (f.CreatedPerSecond / t).ToString("0.000", c)));
                md.AppendLine(c,
                    $"| {f.Mode} | {f.Clients} | {(f.Writers > 0 ? f.Writers.ToString(c) : "-")} | {f.CreatedPerSecond:0.0} | {ratios} | {f.Latency.P50Ms:0.0} | {f.Latency.P99Ms:0.0} | {f.Errors} | {f.Cpu.ServerCores:0.00} / {f.Cpu.PostgresCores:0.00} / {f.Cpu.LoadGeneratorCores:0.00} / {f.Cpu.MachineBusyCores:0.00} | {PerRequest(f.Cpu.ServerCores, f.CreatedPerSecond)} / {PerRequest(f.Cpu.PostgresCores, f.CreatedPerSecond)} |");
            }

            foreach (var f in Floor.Where(f => f.ErrorSamples.Count > 0))
            {
                md.AppendLine(c, $"Errors in {f.Name}: {string.Join("; ", f.ErrorSamples.Select(e => e.ReplaceLineEndings(" ")))}");
            }
        }

        if (Closer.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("| closer | db | bid load clients | auctions | ended | lateness p50 ms | p95 ms | p99 ms | max ms | statuses | bids/s during |");
            md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|");
            foreach (var r in Closer)
            {
                var statuses = string.Join(", ", r.Statuses.Select(kv => $"{kv.Key} {kv.Value}"));
                md.AppendLine(c,
                    $"| {r.WindowSeconds:0} s window | {r.Provider} | {r.LoadClients} | {r.Auctions} | {r.Ended} | {r.Lateness.P50Ms:0.0} | {r.Lateness.P95Ms:0.0} | {r.Lateness.P99Ms:0.0} | {r.Lateness.MaxMs:0.0} | {statuses} | {(r.LoadAcceptedPerSecond is { } l ? l.ToString("0.0", c) : "-")} |");
            }
        }

        foreach (var failure in Failures)
        {
            md.AppendLine();
            md.AppendLine(c, $"FAILED {failure}");
        }

        var errors = Bids.Where(b => b.ErrorSamples.Count > 0).ToList();
        foreach (var b in errors)
        {
            md.AppendLine();
            md.AppendLine(c, $"Errors in {b.Name} (server log {b.ServerLog}):");
            foreach (var sample in b.ErrorSamples)
            {
                md.AppendLine(c, $"- `{sample.ReplaceLineEndings(" ")}`");
            }
        }

        return md.ToString();
    }

    private static string PerRequest(double cores, double perSecond) =>
        perSecond > 0 ? (cores * 1000 / perSecond).ToString("0.00", CultureInfo.InvariantCulture) : "-";

    private static string? ReadLoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return null;
        }
    }
}

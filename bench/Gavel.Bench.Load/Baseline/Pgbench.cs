using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Gavel.Bench.Load.Hosting;
using Gavel.Bench.Load.Load;

namespace Gavel.Bench.Load.Baseline;

/// <summary>pgbench -N at the bid runs' client count, through bench/run-pgbench.sh, so both figures come from one session.</summary>
internal static partial class Pgbench
{
    public static async Task<PgbenchResult> RunAsync(int clients, int seconds, int scale, PostgresServer postgres, string outputFolder, CancellationToken ct)
    {
        Console.WriteLine($"== pgbench -N -c {clients} -j 2 -T {seconds} (scale {scale})");
        CpuUsage? usage = null;
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList =
            {
                RepoPaths.PgbenchScript,
                clients.ToString(CultureInfo.InvariantCulture),
                seconds.ToString(CultureInfo.InvariantCulture),
                scale.ToString(CultureInfo.InvariantCulture),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["PGHOST"] = postgres.Host,
                ["PGPORT"] = postgres.Port.ToString(CultureInfo.InvariantCulture),
                ["PGUSER"] = postgres.User,
                ["PGPASSWORD"] = postgres.Password,
            },
        };
        using var process = Process.Start(start) ?? throw new BenchException("Cannot start bash.");
        var error = process.StandardError.ReadToEndAsync(ct);
        var output = new System.Text.StringBuilder();
        MachineCpu? cpu = null;
        while (await process.StandardOutput.ReadLineAsync(ct) is { } line)
        {
            output.AppendLine(line);

            // CPU is sampled over the timed pgbench -N run only, not the initialisation before it.
            if (line.StartsWith("== pgbench -N", StringComparison.Ordinal))
            {
                cpu = new MachineCpu(() => TimeSpan.Zero, "gavel_pgbench_");
            }
            else if (line.StartsWith("tps = ", StringComparison.Ordinal))
            {
                usage = cpu?.Stop();
            }
        }

        await process.WaitForExitAsync(ct);
        var text = output + await error;
        await File.WriteAllTextAsync(Path.Combine(outputFolder, "pgbench.txt"), text, ct);
        if (process.ExitCode != 0 || TpsLine().Match(text) is not { Success: true } tps)
        {
            throw new BenchException($"bench/run-pgbench.sh failed (exit {process.ExitCode}): {text.Trim()}");
        }

        var latency = LatencyLine().Match(text);
        var result = new PgbenchResult(
            clients,
            seconds,
            scale,
            double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture),
            latency.Success ? double.Parse(latency.Groups[1].Value, CultureInfo.InvariantCulture) : null,
            usage);
        Console.WriteLine($"  tps {result.Tps:0.0}, average latency {result.LatencyAverageMs} ms");
        return result;
    }

    [GeneratedRegex(@"^tps=([0-9.]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"^latency average = ([0-9.]+) ms", RegexOptions.Multiline)]
    private static partial Regex LatencyLine();
}

/// <summary>Cpu: over the timed run (pgbench's own process counts as machine load, not postgres).</summary>
internal sealed record PgbenchResult(int Clients, int Seconds, int Scale, double Tps, double? LatencyAverageMs, CpuUsage? Cpu);

using System.Diagnostics;
using System.Globalization;

namespace Gavel.Bench.Load.Load;

/// <summary>
/// CPU used over a window: by the whole machine (from /proc/stat), by the server process and by this tool.
/// On a 2-core box shared by load generator, server and database, these say who had the cores.
/// </summary>
internal sealed class MachineCpu
{
    private readonly Func<TimeSpan> serverCpu;
    private readonly long machineBusyStart;
    private readonly TimeSpan serverStart;
    private readonly TimeSpan selfStart;
    private readonly long postgresStart;
    private readonly Stopwatch wall = Stopwatch.StartNew();

    public MachineCpu(Func<TimeSpan> serverCpu)
    {
        this.serverCpu = serverCpu;
        machineBusyStart = BusyJiffies();
        serverStart = serverCpu();
        selfStart = Process.GetCurrentProcess().TotalProcessorTime;
        postgresStart = PostgresJiffies();
    }

    public CpuUsage Stop()
    {
        var seconds = wall.Elapsed.TotalSeconds;
        var machine = (BusyJiffies() - machineBusyStart) / 100.0; // USER_HZ is 100 on Linux.
        var server = (serverCpu() - serverStart).TotalSeconds;
        var self = (Process.GetCurrentProcess().TotalProcessorTime - selfStart).TotalSeconds;
        var postgres = (PostgresJiffies() - postgresStart) / 100.0;
        return new CpuUsage(
            Environment.ProcessorCount,
            Math.Round(machine / seconds, 2),
            Math.Round(Math.Max(0, server) / seconds, 2),
            Math.Round(self / seconds, 2),
            Math.Round(Math.Max(0, postgres) / seconds, 2));
    }

    /// <summary>utime + stime of the live processes named postgres (a backend that exits in the window is missed).</summary>
    private static long PostgresJiffies()
    {
        long total = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                if (close < 0 || !stat.AsSpan(0, close).EndsWith("(postgres", StringComparison.Ordinal))
                {
                    continue;
                }

                // Fields after "pid (comm)": state is field 3, utime 14, stime 15.
                var rest = stat[(close + 2)..].Split(' ');
                total += long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // Not a process folder, or it exited while we looked.
            }
        }

        return total;
    }

    /// <summary>user + nice + system + irq + softirq + steal jiffies of all cores; 0 where /proc/stat is missing.</summary>
    private static long BusyJiffies()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long Field(int i) => fields.Length > i ? long.Parse(fields[i], CultureInfo.InvariantCulture) : 0;
            return Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}

/// <summary>
/// Average cores busy over the window: the machine as a whole, the server process, the load generator, and every
/// process named postgres (the one local cluster, so other users of it count too). Whatever is left over is other work.
/// </summary>
internal sealed record CpuUsage(int Cores, double MachineBusyCores, double ServerCores, double LoadGeneratorCores, double PostgresCores);

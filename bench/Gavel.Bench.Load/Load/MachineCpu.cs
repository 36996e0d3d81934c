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
    private readonly Stopwatch wall = Stopwatch.StartNew();

    // Per postgres pid: CPU jiffies when first seen (0 for a backend born in the window) and when last seen.
    // Sampled twice a second, so a connection that opens and closes inside the window still counts.
    private readonly Dictionary<int, (long First, long Last)> postgres = [];
    private readonly Timer sampler;
    private readonly string? database;

    /// <param name="serverCpu">The server process's CPU time so far.</param>
    /// <param name="database">Count only the PostgreSQL backends connected to a database whose name starts with this (null: every postgres process).</param>
    public MachineCpu(Func<TimeSpan> serverCpu, string? database)
    {
        this.serverCpu = serverCpu;
        this.database = database;
        machineBusyStart = BusyJiffies();
        serverStart = serverCpu();
        selfStart = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var (pid, jiffies) in PostgresJiffies(database))
        {
            postgres[pid] = (jiffies, jiffies);
        }

        sampler = new Timer(_ => SamplePostgres(), null, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500));
    }

    public CpuUsage Stop()
    {
        sampler.Dispose();
        SamplePostgres();
        var seconds = wall.Elapsed.TotalSeconds;
        var machine = (BusyJiffies() - machineBusyStart) / 100.0; // USER_HZ is 100 on Linux.
        var server = (serverCpu() - serverStart).TotalSeconds;
        var self = (Process.GetCurrentProcess().TotalProcessorTime - selfStart).TotalSeconds;
        double database;
        lock (postgres)
        {
            database = postgres.Values.Sum(p => p.Last - p.First) / 100.0;
        }

        return new CpuUsage(
            Environment.ProcessorCount,
            Math.Round(machine / seconds, 2),
            Math.Round(Math.Max(0, server) / seconds, 2),
            Math.Round(self / seconds, 2),
            Math.Round(Math.Max(0, database) / seconds, 2));
    }

    private void SamplePostgres()
    {
        var now = PostgresJiffies(database);
        lock (postgres)
        {
            foreach (var (pid, jiffies) in now)
            {
                postgres[pid] = postgres.TryGetValue(pid, out var seen) ? (seen.First, jiffies) : (0, jiffies);
            }
        }
    }

    /// <summary>
    /// utime + stime of each live process named postgres, by pid; with <paramref name="database"/>, only the backends
    /// whose process title ("postgres: 15/main: user database host(port) state") names that database.
    /// </summary>
    private static List<(int Pid, long Jiffies)> PostgresJiffies(string? database)
    {
        var found = new List<(int, long)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                if (close < 0 || !stat.AsSpan(0, close).EndsWith("(postgres", StringComparison.Ordinal))
                {
                    continue;
                }

                if (database is not null && !File.ReadAllText(Path.Combine(dir, "cmdline")).Contains($" {database}", StringComparison.Ordinal))
                {
                    continue;
                }

                // Fields after "pid (comm)": state is field 3, utime 14, stime 15.
                var rest = stat[(close + 2)..].Split(' ');
                found.Add((pid, long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // It exited while we looked.
            }
        }

        return found;
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
/// Average cores busy over the window: the machine as a whole, the server process, the load generator, and the
/// PostgreSQL backends of the run's database (shared background processes such as the WAL writer are not counted).
/// Whatever is left over is other work on the machine.
/// </summary>
internal sealed record CpuUsage(int Cores, double MachineBusyCores, double ServerCores, double LoadGeneratorCores, double PostgresCores);

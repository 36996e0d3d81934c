using System.Diagnostics;
using System.Globalization;

namespace Gavel.Bench.Images;

/// <summary>
/// Peak memory is measured in a fresh process that does nothing but process photos two at a time, as the
/// worker does with Images:ProcessingConcurrency=2: the figure is the whole process (runtime, managed heap and
/// libvips), read from the kernel's VmHWM, plus libvips' own allocation high-water mark.
/// </summary>
internal static class Child
{
    public static int Run(string photo, string folder, int photos)
    {
        NetVips.NetVips.Version(0); // libvips loaded: the baseline includes it
        var baseline = Kilobytes("VmRSS:");
        Pipeline.ProcessToFolder(photo, Path.Combine(folder, "warm-up")); // JIT; not timed, but in the peak
        var clock = Stopwatch.StartNew();
        Parallel.For(0, photos, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
            Pipeline.ProcessToFolder(photo, Path.Combine(folder, i.ToString(CultureInfo.InvariantCulture))));
        var seconds = clock.Elapsed.TotalSeconds;
        var peak = Kilobytes("VmHWM:");
        var managed = GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes / (1024.0 * 1024.0);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{seconds} {peak / 1024} {NetVips.Stats.MemHighwater / (1024.0 * 1024.0)} {baseline / 1024} {managed} {GC.CollectionCount(2)}"));
        return 0;
    }

    private static double Kilobytes(string field)
    {
        var line = File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith(field, StringComparison.Ordinal));
        return double.Parse(line.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    public static (double WallSeconds, double PeakRssMb, double VipsHighwaterMb, double BaselineMb) Measure(string photo, string folder, int photos)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Child).Assembly.Location);
        }

        foreach (var argument in new[] { "child", photo, folder, photos.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var parts = process.StandardOutput.ReadToEnd().Trim().Split(' ').Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        process.WaitForExit();
        return (parts[0], parts[1], parts[2], parts[3]);
    }
}

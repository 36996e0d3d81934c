using System.Diagnostics;
using System.Globalization;

namespace Gavel.Bench.Images;

/// <summary>
/// Debian's vipsthumbnail making the same six outputs: one process per output (it writes one size and one
/// format per run), the same boxes, qualities and encoder settings, sRGB export, metadata stripped. Each run
/// goes through /usr/bin/time for its peak resident memory.
/// </summary>
internal sealed class VipsThumbnail(string work)
{
    private static readonly (string Name, int Size)[] Sizes = [("thumbnail", 320), ("card", 640), ("full", 1600)];

    public string Version() => Run("vipsthumbnail", ["--vips-version"]).Output.Trim();

    /// <summary>Six runs, one after the other; returns the largest peak RSS of them in MB.</summary>
    public double SixOutputs(string photo, string folder)
    {
        Directory.CreateDirectory(folder);
        double peak = 0;
        foreach (var (name, size) in Sizes)
        {
            peak = Math.Max(peak, Timed(photo, size, Path.Combine(folder, $"{name}.webp[Q=80,effort=4,smart_subsample,strip]")));
            peak = Math.Max(peak, Timed(photo, size, Path.Combine(folder, $"{name}.jpg[Q=82,optimize_coding,interlace,strip]")));
        }

        return peak;
    }

    public (double WallSeconds, double PeakOneMb) TwoAtOnce(string photo, string folder, int photos)
    {
        var clock = Stopwatch.StartNew();
        var peaks = new double[2];
        Parallel.For(0, 2, lane =>
        {
            for (var i = lane; i < photos; i += 2)
            {
                peaks[lane] = Math.Max(peaks[lane], SixOutputs(photo, Path.Combine(folder, lane.ToString(CultureInfo.InvariantCulture))));
            }
        });
        return (clock.Elapsed.TotalSeconds, peaks.Max());
    }

    private double Timed(string photo, int size, string output)
    {
        var report = Path.Combine(work, $"time-{Guid.NewGuid():N}.txt");
        Run("/usr/bin/time", ["-f", "%M", "-o", report, "vipsthumbnail", photo, "-s", $"{size}x{size}>", "--export-profile", "srgb", "-o", output]);
        var kilobytes = double.Parse(File.ReadAllText(report).Trim().Split('\n')[^1], CultureInfo.InvariantCulture);
        File.Delete(report);
        return kilobytes / 1024;
    }

    private static (string Output, int Exit) Run(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? (output, 0) : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed: {error}");
    }
}

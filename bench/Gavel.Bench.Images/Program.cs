using System.Diagnostics;
using System.Globalization;
using Gavel.Bench.Images;
using NetVips;

// Gavel's photo pipeline against Debian's vipsthumbnail on the same 12 MP JPEG, six outputs per photo
// (320/640/1600 px boxes, WebP and JPEG, metadata stripped), in one run so both see the same machine load.
//   dotnet run -c Release --project bench/Gavel.Bench.Images -- [--rounds 10] [--memory-photos 8]
//   (internal) child <photo.jpg> <outdir> <photos>: processes photos two at a time and prints its peak memory.
if (args.Length > 0 && args[0] == "child")
{
    return Child.Run(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
}

var rounds = Option(args, "--rounds", 10);
var memoryPhotos = Option(args, "--memory-photos", 8);
var work = Directory.CreateTempSubdirectory("gavel-bench-images-").FullName;
try
{
    var photo = Path.Combine(work, "photo12mp.jpg");
    File.WriteAllBytes(photo, Photos.Camera12Mp());
    using (var header = Image.NewFromFile(photo))
    {
        Console.WriteLine($"input: {header.Width}x{header.Height} JPEG, {new FileInfo(photo).Length / 1e6:0.0} MB, EXIF orientation 6 + GPS");
    }

    var vipsthumbnail = new VipsThumbnail(work);
    Console.WriteLine($"vipsthumbnail: {vipsthumbnail.Version()}; bundled libvips (NetVips.Native): {NetVips.NetVips.Version(0)}.{NetVips.NetVips.Version(1)}.{NetVips.NetVips.Version(2)}");
    Console.WriteLine($"cores: {Environment.ProcessorCount}; load average: {File.ReadAllText("/proc/loadavg").Trim()}");

    // Warm-up: JIT, libvips start-up, the page cache.
    Pipeline.ProcessToFolder(photo, Path.Combine(work, "warm"));
    vipsthumbnail.SixOutputs(photo, Path.Combine(work, "warm"));

    var ours = new List<double>();
    var theirs = new List<double>();
    for (var round = 0; round < rounds; round++)
    {
        // Interleaved, so a burst of load from elsewhere hits both sides alike.
        var clock = Stopwatch.StartNew();
        Pipeline.ProcessToFolder(photo, Path.Combine(work, "ours"));
        ours.Add(clock.Elapsed.TotalMilliseconds);
        clock.Restart();
        vipsthumbnail.SixOutputs(photo, Path.Combine(work, "theirs"));
        theirs.Add(clock.Elapsed.TotalMilliseconds);
    }

    Console.WriteLine();
    Console.WriteLine("| one photo to six outputs, sequential | median ms | mean ms | min ms | max ms |");
    Console.WriteLine("|---|---|---|---|---|");
    Console.WriteLine(Row("Gavel pipeline (NetVips, one decode)", ours));
    Console.WriteLine(Row("vipsthumbnail x6 (one process per output)", theirs));
    Console.WriteLine($"sizes (ours): {Pipeline.Describe(Path.Combine(work, "ours"))}");
    Console.WriteLine($"sizes (vipsthumbnail): {Pipeline.Describe(Path.Combine(work, "theirs"))}");

    Console.WriteLine();
    var child = Child.Measure(photo, Path.Combine(work, "child"), memoryPhotos);
    var (wall, peakOne) = vipsthumbnail.TwoAtOnce(photo, Path.Combine(work, "theirs2"), memoryPhotos);
    Console.WriteLine($"| {memoryPhotos} photos, two at a time | wall s | per photo ms | peak memory |");
    Console.WriteLine("|---|---|---|---|");
    Console.WriteLine($"| Gavel pipeline, one .NET process | {child.WallSeconds:0.00} | {child.WallSeconds * 1000 / memoryPhotos:0} | {child.PeakRssMb:0} MB process peak RSS (of which {child.BaselineMb:0} MB runtime + libvips loaded before any photo; libvips' own high-water {child.VipsHighwaterMb:0} MB) |");
    Console.WriteLine($"| vipsthumbnail, two loops of processes | {wall:0.00} | {wall * 1000 / memoryPhotos:0} | {peakOne:0} MB largest single process (two at once: at most {2 * peakOne:0} MB) |");
    return 0;
}
finally
{
    Directory.Delete(work, recursive: true);
}

static int Option(string[] args, string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string Row(string name, List<double> ms)
{
    var sorted = ms.Order().ToList();
    var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    return $"| {name} | {median:0} | {ms.Average():0} | {sorted[0]:0} | {sorted[^1]:0} |";
}

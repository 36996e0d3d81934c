using System.Runtime.InteropServices;
using NetVips;

namespace Gavel.Images;

/// <summary>
/// Process-wide libvips settings, applied once before the first image is touched: only the four loaders we
/// accept can run (libvips also carries SVG, TIFF, matrix, raw and CSV loaders that an attacker could aim at by
/// crafting a signature), and the operation cache is off: it would hold decoded uploads that are never reused.
/// </summary>
internal static partial class Vips
{
    private const int MmapThreshold = -3; // M_MMAP_THRESHOLD in glibc's malloc.h
    private static readonly Lazy<bool> Ready = new(() =>
    {
        Operation.Block("VipsForeignLoad", true);
        foreach (var loader in new[] { "VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp", "VipsForeignLoadHeif" })
        {
            Operation.Block(loader, false);
        }

        PinMmapThreshold();
        Cache.Max = 0;
        Cache.MaxFiles = 0;
        Cache.MaxMem = 0;
        return true;
    });

    public static void EnsureReady() => _ = Ready.Value;

    /// <summary>
    /// glibc serves a large malloc from mmap (returned to the system on free) only below a threshold that it
    /// raises each time such a block is freed, up to 32 MB. After a few photos libvips', libjpeg's and libwebp's
    /// multi-megabyte buffers all come from the arenas instead, where freed pages stay resident and fragment
    /// across threads: the process grows by tens of MB per photo in flight. Pinning the threshold at glibc's
    /// default of 128 KB (the same as MALLOC_MMAP_THRESHOLD_=131072) keeps big buffers in mmap. It is a
    /// process-wide setting, set here so the server needs no environment variable; measured in BENCHMARKS.md.
    /// Elsewhere (musl, macOS, Windows) there is nothing to do.
    /// </summary>
    private static void PinMmapThreshold()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null)
        {
            return;
        }

        try
        {
            _ = MallOpt(MmapThreshold, 128 * 1024);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            // Not glibc.
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int param, int value);
}

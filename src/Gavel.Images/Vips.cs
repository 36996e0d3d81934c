using NetVips;

namespace Gavel.Images;

/// <summary>
/// Process-wide libvips settings, applied once before the first image is touched: only the four loaders we
/// accept can run (libvips also carries SVG, TIFF, matrix, raw and CSV loaders that an attacker could aim at by
/// crafting a signature), and the operation cache is off: it would hold decoded uploads that are never reused.
/// </summary>
internal static class Vips
{
    private static readonly Lazy<bool> Ready = new(() =>
    {
        Operation.Block("VipsForeignLoad", true);
        foreach (var loader in new[] { "VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp", "VipsForeignLoadHeif" })
        {
            Operation.Block(loader, false);
        }

        Cache.Max = 0;
        Cache.MaxFiles = 0;
        Cache.MaxMem = 0;
        return true;
    });

    public static void EnsureReady() => _ = Ready.Value;
}

using NetVips;

namespace Gavel.Images.Tests.Support;

/// <summary>Re-opens encoded bytes and lists any metadata left in them.</summary>
public static class Metadata
{
    private static readonly string[] Forbidden = ["exif-data", "xmp-data", "iptc-data", "icc-profile-data", "orientation", "gps"];

    public static IReadOnlyList<string> LeftIn(byte[] encoded)
    {
        using var image = Image.NewFromBuffer(encoded);
        return image.GetFields()
            .Where(f => f.StartsWith("exif-", StringComparison.Ordinal) || Forbidden.Any(x => f.Contains(x, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    /// <summary>True when the raw bytes carry an EXIF block or the test's GPS value in any form.</summary>
    public static bool HasExifBytes(byte[] encoded) =>
        encoded.AsSpan().IndexOf("Exif\0\0"u8) >= 0 || encoded.AsSpan().IndexOf("EXIF"u8) >= 0 || encoded.AsSpan().IndexOf("Gavelcam"u8) >= 0;
}

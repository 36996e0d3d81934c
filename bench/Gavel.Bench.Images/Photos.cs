using NetVips;

namespace Gavel.Bench.Images;

/// <summary>A 4000 x 3000 camera-like JPEG (soft shapes, grain, EXIF orientation 6, GPS), made in code.</summary>
internal static class Photos
{
    public static byte[] Camera12Mp()
    {
        using var coarse = Image.Gaussnoise(12, 9, sigma: 60, mean: 128, seed: 3);
        using var colours = coarse.Bandjoin(coarse.Rot180(), coarse.FlipHor());
        using var landscape = colours.Resize(4000 / 12.0, vscale: 3000 / 9.0, kernel: Enums.Kernel.Cubic);
        using var grain = Image.Gaussnoise(4000, 3000, sigma: 12, mean: 0, seed: 4);
        using var sum = landscape + grain;
        using var photo = sum.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        using var tagged = photo.Mutate(m =>
        {
            m.Set(GValue.GIntType, "orientation", 6);
            m.Set(GValue.GStrType, "exif-ifd3-GPSLatitudeRef", "N (N, ASCII, 2)");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLatitude", "51/1 30/1 0/1 (51, 30, 0, Rational, 3)");
        });
        return tagged.JpegsaveBuffer(q: 92);
    }
}

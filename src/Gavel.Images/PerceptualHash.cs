using System.Numerics;
using NetVips;

namespace Gavel.Images;

/// <summary>
/// dHash: the photo shrunk to 9x8 grey pixels; bit i says whether a pixel is brighter than its right-hand
/// neighbour. Re-encoding, resizing and mild colour changes move few bits; a different photo moves about half.
/// </summary>
public static class PerceptualHash
{
    public static ulong Of(Image small9x8)
    {
        using var grey = small9x8.HasAlpha() ? small9x8.Flatten([255]) : small9x8.Copy();
        using var bw = grey.Colourspace(Enums.Interpretation.Bw);
        using var band = bw[0];
        using var bytes = band.Cast(Enums.BandFormat.Uchar);
        var pixels = bytes.WriteToMemory<byte>();
        ulong hash = 0;
        var bit = 0;
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++, bit++)
            {
                if (pixels[(y * 9) + x] > pixels[(y * 9) + x + 1])
                {
                    hash |= 1UL << bit;
                }
            }
        }

        return hash;
    }

    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    public static int Distance(long a, long b) => Distance(unchecked((ulong)a), unchecked((ulong)b));
}

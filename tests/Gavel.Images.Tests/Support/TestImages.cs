using System.Collections.Concurrent;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using NetVips;

namespace Gavel.Images.Tests.Support;

/// <summary>
/// Photos and hostile files made in code at test time. A "photo" is a different random landscape of soft
/// shapes per seed (so perceptual hashes differ) with fine grain on top (so it is sharp), like a real picture.
/// </summary>
public static class TestImages
{
    public const string GpsLatitude = "51/1 30/1 0/1";

    // Encoded test files are made once per run: making a 4 MP photo costs more than most tests.
    private static readonly ConcurrentDictionary<(string, int, int, int), byte[]> Made = new();

    /// <summary>A sharp, well exposed RGB photo of <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static Image Photo(int width, int height, int seed = 1, double brightness = 128)
    {
        using var coarse = Image.Gaussnoise(12, 9, sigma: 60, mean: brightness, seed: seed);
        using var colours = coarse.Bandjoin(coarse.Rot180(), coarse.FlipHor());
        using var landscape = colours.Resize(width / 12.0, vscale: height / 9.0, kernel: Enums.Kernel.Cubic);
        using var grain = Image.Gaussnoise(width, height, sigma: 18, mean: 0, seed: seed + 1000);
        using var photo = (landscape + grain).Cast(Enums.BandFormat.Uchar);
        return photo.Copy(interpretation: Enums.Interpretation.Srgb).CopyMemory();
    }

    /// <summary>
    /// A phone-camera JPEG stored sideways (EXIF orientation 6, "rotate 90 clockwise to view") with GPS, camera
    /// make and a red patch in the stored top-left corner, which must end up top-right once upright.
    /// </summary>
    public static byte[] CameraJpeg(int storedWidth = 2400, int storedHeight = 1800, int seed = 1) =>
        (byte[])Made.GetOrAdd((nameof(CameraJpeg), storedWidth, storedHeight, seed), _ => MakeCameraJpeg(storedWidth, storedHeight, seed)).Clone();

    public static byte[] Jpeg(int width, int height, int seed = 1, int quality = 90) =>
        (byte[])Made.GetOrAdd(($"{nameof(Jpeg)}{quality}", width, height, seed), _ => MakeJpeg(width, height, seed, quality)).Clone();

    private static byte[] MakeCameraJpeg(int storedWidth, int storedHeight, int seed)
    {
        using var photo = Photo(storedWidth, storedHeight, seed);
        using var red = Image.Black(storedWidth / 10, storedHeight / 10, bands: 3).NewFromImage(230, 20, 20).Cast(Enums.BandFormat.Uchar);
        using var marked = photo.Insert(red, 0, 0);
        using var tagged = marked.Mutate(m =>
        {
            m.Set(GValue.GIntType, "orientation", 6);
            m.Set(GValue.GStrType, "exif-ifd0-Make", "Gavelcam (Gavelcam, ASCII, 9)");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLatitudeRef", "N (N, ASCII, 2)");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLatitude", GpsLatitude + " (51, 30, 0, Rational, 3)");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLongitudeRef", "W (W, ASCII, 2)");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLongitude", "0/1 7/1 0/1 (0, 7, 0, Rational, 3)");
        });
        return tagged.JpegsaveBuffer(q: 90);
    }

    private static byte[] MakeJpeg(int width, int height, int seed, int quality)
    {
        using var photo = Photo(width, height, seed);
        return photo.JpegsaveBuffer(q: quality);
    }

    /// <summary>A PNG with a transparent left half.</summary>
    public static byte[] PngWithAlpha(int width = 1000, int height = 800, int seed = 2)
    {
        using var photo = Photo(width, height, seed);
        using var x = Image.Xyz(width, height)[0];
        using var alpha = x >= width / 2; // 0 on the left half, 255 on the right
        using var withAlpha = photo.Bandjoin(alpha);
        return withAlpha.PngsaveBuffer();
    }

    public static byte[] WebP(int width = 1400, int height = 1000, int seed = 3)
    {
        using var photo = Photo(width, height, seed);
        return photo.WebpsaveBuffer(q: 85);
    }

    /// <summary>A PNG signature and an IHDR claiming 1 x 500,000,000 pixels: a decompression bomb's header.</summary>
    public static byte[] PngBombHeader(int width = 1, int height = 500_000_000)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        using var file = new MemoryStream();
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(file, "IHDR", ihdr);
        WriteChunk(file, "IDAT", [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]);
        WriteChunk(file, "IEND", []);
        return file.ToArray();
    }

    /// <summary>A real small JPEG whose frame header (SOF) is patched to claim <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static byte[] JpegClaiming(int width = 60_000, int height = 60_000)
    {
        var jpeg = Jpeg(64, 48);
        for (var i = 2; i < jpeg.Length - 9; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 5), (ushort)height);
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 7), (ushort)width);
                return jpeg;
            }
        }

        throw new InvalidOperationException("No SOF marker in the test JPEG.");
    }

    public static byte[] TruncatedJpeg()
    {
        var jpeg = Jpeg(1600, 1200);
        return jpeg[..(jpeg.Length / 2)];
    }

    /// <summary>An SVG with a script: served back as an image it would run in the site's origin.</summary>
    public static byte[] Svg() => Encoding.UTF8.GetBytes(
        """<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><script>fetch('/api/wallet')</script><rect width="800" height="600"/></svg>""");

    /// <summary>A real ZIP archive (what a renamed "photo.jpg" from a phishing kit is).</summary>
    public static byte[] Zip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("invoice.html").Open();
            entry.Write(Encoding.UTF8.GetBytes("<html><body>Pay here</body></html>"));
        }

        return buffer.ToArray();
    }

    /// <summary>A JPEG signature and APP0 marker followed by an HTML page with script.</summary>
    public static byte[] HtmlWithJpegHeader() =>
        [0xFF, 0xD8, 0xFF, 0xE0, .. Encoding.ASCII.GetBytes("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>")];

    /// <summary>A valid JPEG with a ZIP archive appended: it decodes as a picture and unzips as an archive.</summary>
    public static byte[] JpegZipPolyglot() => [.. Jpeg(320, 240), .. Zip()];

    private static void WriteChunk(Stream file, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        file.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        file.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        file.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}

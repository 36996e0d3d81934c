using System.Buffers.Binary;
using System.Text;

namespace Gavel.Images;

/// <summary>The formats a seller may upload. Decided by the file's first bytes only, never by its name or content type.</summary>
public enum ImageFormat
{
    Jpeg,
    Png,
    WebP,
    Heic,
    Avif,
}

public static class ImageFormats
{
    /// <summary>Reads the signature. Returns null for anything that is not one of the accepted formats.</summary>
    public static ImageFormat? Detect(ReadOnlySpan<byte> file)
    {
        if (file.Length >= 3 && file[0] == 0xFF && file[1] == 0xD8 && file[2] == 0xFF)
        {
            return ImageFormat.Jpeg;
        }

        if (file.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ImageFormat.Png;
        }

        if (file.Length >= 16 && file.StartsWith("RIFF"u8) && file[8..12].SequenceEqual("WEBP"u8))
        {
            return ImageFormat.WebP;
        }

        // ISO BMFF: [box size]["ftyp"][major brand][minor version][compatible brands...]. AVIF and HEIC share the
        // container; the brands say which codec is inside (a "mif1" file may be either).
        if (file.Length >= 16 && file[4..8].SequenceEqual("ftyp"u8))
        {
            var boxSize = (int)Math.Clamp(BinaryPrimitives.ReadUInt32BigEndian(file), 16, Math.Min(file.Length, 256));
            var brands = new List<string> { Encoding.ASCII.GetString(file[8..12]) };
            for (var i = 16; i + 4 <= boxSize; i += 4)
            {
                brands.Add(Encoding.ASCII.GetString(file[i..(i + 4)]));
            }

            if (brands.Any(b => b is "avif" or "avis"))
            {
                return ImageFormat.Avif;
            }

            if (brands.Any(b => b is "heic" or "heix" or "heim" or "heis" or "hevc" or "mif1" or "msf1"))
            {
                return ImageFormat.Heic;
            }
        }

        return null;
    }

    public static string Extension(this ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "jpg",
        ImageFormat.Png => "png",
        ImageFormat.WebP => "webp",
        ImageFormat.Heic => "heic",
        ImageFormat.Avif => "avif",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}

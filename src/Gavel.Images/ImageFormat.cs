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

        // ISO BMFF: [size]["ftyp"][major brand]. HEIC and AVIF differ by brand.
        if (file.Length >= 12 && file[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = file[8..12];
            if (brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8))
            {
                return ImageFormat.Avif;
            }

            if (brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8))
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

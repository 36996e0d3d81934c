using System.Buffers.Binary;

namespace Gavel.Images;

/// <summary>
/// Reads the stored width and height straight from the bytes of a PNG, JPEG or WebP, without libvips. A
/// decompression bomb is refused here, before any decoder sees it (libpng, for one, refuses a huge IHDR
/// as "invalid", which would hide the real reason). Null where the header cannot be read this way.
/// </summary>
public static class ImageHeader
{
    public static (long Width, long Height)? ReadSize(ReadOnlySpan<byte> file, ImageFormat format) => format switch
    {
        ImageFormat.Png => Png(file),
        ImageFormat.Jpeg => Jpeg(file),
        ImageFormat.WebP => WebP(file),
        _ => null,
    };

    private static (long, long)? Png(ReadOnlySpan<byte> file) =>
        file.Length >= 24 && file[12..16].SequenceEqual("IHDR"u8)
            ? (BinaryPrimitives.ReadUInt32BigEndian(file[16..]), BinaryPrimitives.ReadUInt32BigEndian(file[20..]))
            : null;

    /// <summary>Walks the marker segments to the first start-of-frame (SOF0-SOF15 except DHT, JPG and DAC).</summary>
    private static (long, long)? Jpeg(ReadOnlySpan<byte> file)
    {
        var i = 2;
        while (i + 4 <= file.Length)
        {
            if (file[i] != 0xFF)
            {
                return null;
            }

            var marker = file[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte
                continue;
            }

            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2; // markers without a length
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(file[(i + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return i + 9 <= file.Length
                    ? (BinaryPrimitives.ReadUInt16BigEndian(file[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(file[(i + 5)..]))
                    : null;
            }

            if (marker is 0xDA or 0xD9 || length < 2)
            {
                return null; // scan data or end before any frame header
            }

            i += 2 + length;
        }

        return null;
    }

    private static (long, long)? WebP(ReadOnlySpan<byte> file)
    {
        if (file.Length < 30)
        {
            return null;
        }

        var chunk = file[12..16];
        if (chunk.SequenceEqual("VP8X"u8))
        {
            return (1 + ReadUInt24(file[24..]), 1 + ReadUInt24(file[27..]));
        }

        if (chunk.SequenceEqual("VP8L"u8) && file[20] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(file[21..]);
            return (1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF));
        }

        if (chunk.SequenceEqual("VP8 "u8))
        {
            return (BinaryPrimitives.ReadUInt16LittleEndian(file[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(file[28..]) & 0x3FFF);
        }

        return null;
    }

    private static long ReadUInt24(ReadOnlySpan<byte> bytes) => bytes[0] | (bytes[1] << 8) | (bytes[2] << 16);
}

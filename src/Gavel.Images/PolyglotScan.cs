namespace Gavel.Images;

/// <summary>
/// Finds files that are an image and something else at once: markup a browser would run if it ever sniffed the
/// file as HTML, or a ZIP archive riding behind the picture (its end record sits in the last 64 KB). We never
/// serve the uploaded bytes, but such a file is a sign of an attack and is refused outright.
/// </summary>
public static class PolyglotScan
{
    private static readonly byte[][] Markup =
    [
        "<html"u8.ToArray(), "<script"u8.ToArray(), "<!doctype"u8.ToArray(), "<body"u8.ToArray(), "<iframe"u8.ToArray(),
        "<svg"u8.ToArray(), "<?php"u8.ToArray(), "<object"u8.ToArray(), "<embed"u8.ToArray(), "javascript:"u8.ToArray(),
    ];

    /// <summary>Returns what was found, or null for a clean file.</summary>
    public static string? Find(ReadOnlySpan<byte> file)
    {
        if (file.IndexOf("PK\u0003\u0004"u8) == 0 || ZipEndRecord(file))
        {
            return "a ZIP archive";
        }

        for (var i = file.IndexOfAny((byte)'<', (byte)'j', (byte)'J'); i >= 0; i = NextCandidate(file, i))
        {
            foreach (var pattern in Markup)
            {
                if (StartsWithIgnoreCase(file[i..], pattern))
                {
                    return "HTML or script markup";
                }
            }
        }

        return null;
    }

    private static int NextCandidate(ReadOnlySpan<byte> file, int i)
    {
        var next = file[(i + 1)..].IndexOfAny((byte)'<', (byte)'j', (byte)'J');
        return next < 0 ? -1 : i + 1 + next;
    }

    private static bool ZipEndRecord(ReadOnlySpan<byte> file)
    {
        var tail = file[Math.Max(0, file.Length - 65_557)..];
        return tail.IndexOf("PK\u0005\u0006"u8) >= 0;
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> pattern)
    {
        if (text.Length < pattern.Length)
        {
            return false;
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            var c = text[i];
            if (c is >= (byte)'A' and <= (byte)'Z')
            {
                c = (byte)(c + 32);
            }

            if (c != pattern[i])
            {
                return false;
            }
        }

        return true;
    }
}

using NetVips;

namespace Gavel.Images;

/// <summary>What the upload learned about an accepted file: its format, upright size and perceptual hash.</summary>
public sealed record InspectedImage(ImageFormat Format, int Width, int Height, ulong Hash);

/// <summary>
/// Decides at upload time whether a file may become a listing photo, cheapest check first: size, signature,
/// polyglot markers, the pixel count from the header (before any decoder runs), libvips' own header, and
/// finally one shrunken decode that fails on truncation and yields the perceptual hash.
/// </summary>
public static class ImageInspector
{
    public static InspectedImage Inspect(byte[] file, ImagesOptions limits)
    {
        if (file.LongLength > limits.MaxBytesPerFile)
        {
            throw new ImageRejectedException(ImageRules.ImageTooLarge, $"The file is {Megabytes(file.LongLength)}; the limit is {Megabytes(limits.MaxBytesPerFile)} per photo.", 413);
        }

        var format = ImageFormats.Detect(file) ?? throw new ImageRejectedException(
            ImageRules.UnsupportedFormat, "The file is not a JPEG, PNG, WebP, HEIC or AVIF image (judged by its content, not its name).", 415);

        if (PolyglotScan.Find(file) is { } found)
        {
            throw new ImageRejectedException(ImageRules.PolyglotFile, $"The file starts like an image but also carries {found}. Upload the photo itself, exported again from your phone or camera.");
        }

        if (ImageHeader.ReadSize(file, format) is var (width, height))
        {
            CheckPixels(width, height, limits);
        }

        Vips.EnsureReady();
        int orientation;
        try
        {
            using var header = Image.NewFromBuffer(file, access: Enums.Access.Sequential, failOn: Enums.FailOn.Truncated);
            CheckLoader(header, format);
            CheckPixels(header.Width, header.Height, limits);
            orientation = Orientation(header);
            (width, height) = orientation >= 5 ? (header.Height, header.Width) : (header.Width, header.Height);
        }
        catch (VipsException ex)
        {
            throw Unreadable(format, ex);
        }

        try
        {
            using var small = Image.ThumbnailBuffer(file, 9, optionString: Decoding.FailOnTruncation, height: 8, size: Enums.Size.Force);
            return new InspectedImage(format, (int)width, (int)height, PerceptualHash.Of(small));
        }
        catch (VipsException ex)
        {
            throw Unreadable(format, ex);
        }
    }

    internal static int Orientation(Image header) =>
        header.Contains("orientation") && header.Get("orientation") is int value && value is >= 1 and <= 8 ? value : 1;

    private static void CheckPixels(long width, long height, ImagesOptions limits)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ImageRejectedException(ImageRules.CorruptImage, "The image header gives no size; the file is damaged.");
        }

        if (width * height > limits.MaxPixels)
        {
            throw new ImageRejectedException(
                ImageRules.TooManyPixels,
                $"The image claims {width:N0} x {height:N0} pixels; the limit is {limits.MaxPixels / 1_000_000.0:0.#} megapixels. Resize it before uploading.");
        }
    }

    /// <summary>The loader libvips picked must be the one the signature named: anything else is a disguised file.</summary>
    private static void CheckLoader(Image header, ImageFormat format)
    {
        var loader = header.Contains("vips-loader") ? header.Get("vips-loader") as string ?? string.Empty : string.Empty;
        var expected = format switch
        {
            ImageFormat.Jpeg => "jpegload",
            ImageFormat.Png => "pngload",
            ImageFormat.WebP => "webpload",
            _ => "heifload",
        };
        if (!loader.StartsWith(expected, StringComparison.Ordinal))
        {
            throw new ImageRejectedException(ImageRules.CorruptImage, "The file's content does not match its image signature.");
        }
    }

    private static ImageRejectedException Unreadable(ImageFormat format, VipsException ex) =>
        // The bundled libvips reads AVIF but has no HEVC decoder, so an iPhone's HEIC photo cannot be read at all.
        format == ImageFormat.Heic
            ? new ImageRejectedException(ImageRules.UnsupportedFormat, "HEIC photos cannot be read here. Upload a JPEG, or on an iPhone choose Settings > Camera > Formats > Most Compatible. (" + ex.Message.Split('\n')[0] + ")", 415)
            : new ImageRejectedException(ImageRules.CorruptImage, "The image could not be decoded: the file is truncated or damaged.");

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.#} MB";
}

internal static class Decoding
{
    /// <summary>Passed to the loader through thumbnail's option string: a truncated file is an error, not a grey band.</summary>
    public const string FailOnTruncation = "fail_on=truncated";
}

using NetVips;

namespace Gavel.Images;

/// <summary>The result of processing one photo: its upright size, six encoded variants and the quality report.</summary>
public sealed record ProcessedImage(int Width, int Height, IReadOnlyList<EncodedVariant> Variants, QualityReport Quality);

/// <summary>
/// Turns an accepted original into the served variants. The photo is decoded once, shrinking on load where
/// the format allows (JPEG decodes at 1/2, 1/4 or 1/8 scale), straight to the largest variant, auto-rotated by
/// its EXIF orientation and converted to 8-bit sRGB with any embedded colour profile applied; the smaller
/// sizes are made from that in-memory image. Every output is a fresh encode with no metadata at all (no
/// EXIF, GPS, XMP, IPTC or ICC): browsers treat untagged images as sRGB, which is what they now are.
/// </summary>
public static class ImagePipeline
{
    private const int WebPQuality = 80;
    private const int JpegQuality = 82;

    public static ProcessedImage Process(byte[] original)
    {
        Vips.EnsureReady();
        var largest = ImageVariants.All.Max(v => v.Size);
        int width, height;
        Image decoded;
        try
        {
            using (var header = Image.NewFromBuffer(original, access: Enums.Access.Sequential))
            {
                (width, height) = ImageInspector.Orientation(header) >= 5 ? (header.Height, header.Width) : (header.Width, header.Height);
            }

            using var thumbnail = Image.ThumbnailBuffer(
                original, largest, optionString: Decoding.FailOnTruncation, height: largest, size: Enums.Size.Down, outputProfile: "srgb");
            using var srgb = ToSrgb8(thumbnail);
            decoded = srgb.CopyMemory();
        }
        catch (VipsException ex)
        {
            throw new ImageRejectedException(ImageRules.CorruptImage, "The image could not be decoded: " + ex.Message.Split('\n')[0]);
        }

        using (decoded)
        {
            var variants = new List<EncodedVariant>();
            QualityReport? quality = null;
            foreach (var spec in ImageVariants.All.OrderByDescending(v => v.Size))
            {
                using var sized = spec.Size >= largest ? decoded.Copy() : decoded.ThumbnailImage(spec.Size, height: spec.Size, size: Enums.Size.Down);
                variants.Add(new(spec.Name, VariantFormat.WebP, sized.Width, sized.Height, EncodeWebP(sized)));
                variants.Add(new(spec.Name, VariantFormat.Jpeg, sized.Width, sized.Height, EncodeJpeg(sized)));
                if (spec.Name == "card")
                {
                    quality = QualityAnalysis.Analyse(sized, width, height);
                }
            }

            return new ProcessedImage(width, height, variants, quality!);
        }
    }

    private static Image ToSrgb8(Image image)
    {
        var converted = image.Interpretation == Enums.Interpretation.Srgb ? image.Copy() : image.Colourspace(Enums.Interpretation.Srgb);
        if (converted.Format == Enums.BandFormat.Uchar)
        {
            return converted;
        }

        using (converted)
        {
            return converted.Cast(Enums.BandFormat.Uchar);
        }
    }

    private static byte[] EncodeWebP(Image image) =>
        image.WebpsaveBuffer(q: WebPQuality, effort: 4, smartSubsample: true, keep: Enums.ForeignKeep.None);

    /// <summary>JPEG has no transparency: transparent areas become white, as on the listing page.</summary>
    private static byte[] EncodeJpeg(Image image)
    {
        using var flat = image.HasAlpha() ? image.Flatten([255, 255, 255]) : image.Copy();
        return flat.JpegsaveBuffer(q: JpegQuality, optimizeCoding: true, interlace: true, keep: Enums.ForeignKeep.None);
    }
}

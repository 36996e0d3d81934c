using NetVips;

namespace Gavel.Images;

/// <summary>
/// Cheap signals that a photo will sell the item badly: blur (variance of the Laplacian), under- and
/// over-exposure (mean luminance and the share of clipped pixels) and too few pixels to zoom into.
/// Measured on the card-sized image, so the numbers do not depend on the camera's resolution.
/// </summary>
public static class QualityAnalysis
{
    public const double BlurThreshold = 60;
    public const double DarkMean = 60;
    public const double BrightMean = 200;
    public const double ClippedShare = 0.25;
    public const int MinimumLongEdge = 1200;

    private static readonly Image Laplacian = Image.NewFromArray(new[,] { { 0, 1, 0 }, { 1, -4, 1 }, { 0, 1, 0 } });

    public static QualityReport Analyse(Image card, int originalWidth, int originalHeight)
    {
        using var flat = card.HasAlpha() ? card.Flatten([255, 255, 255]) : card.Copy();
        using var grey = flat.Colourspace(Enums.Interpretation.Bw);
        using var luminance = grey[0];
        using var asFloat = luminance.Cast(Enums.BandFormat.Float);
        using var edges = asFloat.Conv(Laplacian, precision: Enums.Precision.Float);
        var deviation = edges.Deviate();
        var sharpness = deviation * deviation;
        var mean = luminance.Avg();

        using var histogram = luminance.HistFind();
        var counts = histogram.Cast(Enums.BandFormat.Double).WriteToMemory<double>();
        var total = counts.Sum();
        var dark = counts.Take(8).Sum() / total;
        var bright = counts.Skip(248).Sum() / total;

        var tips = new List<QualityTip>();
        if (sharpness < BlurThreshold)
        {
            tips.Add(new("blurry", "This photo looks blurry. Hold the phone steady, tap the item to focus, and add light so the shutter is quick."));
        }

        if (mean < DarkMean || dark > ClippedShare)
        {
            tips.Add(new("too_dark", "This photo is dark. Shoot near a window in daylight or turn on more lights; buyers need to see the details."));
        }
        else if (mean > BrightMean || bright > ClippedShare)
        {
            tips.Add(new("too_bright", "This photo is overexposed: parts are pure white. Avoid direct sun and flash, or tap a bright area to lower the exposure."));
        }

        if (Math.Max(originalWidth, originalHeight) < MinimumLongEdge)
        {
            tips.Add(new("low_resolution", $"This photo is small ({originalWidth} x {originalHeight}). Buyers zoom in: upload at least {MinimumLongEdge} pixels on the long side."));
        }

        return new QualityReport(Math.Round(sharpness, 1), Math.Round(mean, 1), Math.Round(dark, 4), Math.Round(bright, 4), tips);
    }
}

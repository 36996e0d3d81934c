using NetVips;

namespace Gavel.Server.Demo;

/// <summary>
/// Product-like demo photos drawn with libvips at seed time, so the repository carries no image files and nothing is
/// downloaded: a studio backdrop (a gradient in the item's own colours), the "item" as simple shapes with a soft shadow
/// that move and change from shot to shot, the item's name on a label, and fine grain so it reads as a sharp photo.
/// Each item and shot gets its own layout, so the perceptual hashes differ: no duplicate within a listing and no reuse
/// flag between sellers. The JPEGs then go through the real upload and processing like any seller's photo.
/// </summary>
internal static class DemoPhotos
{
    public const int Width = 1280;
    public const int Height = 960;
    private const int Scale = 4;

    // Gaussian noise costs ~100 ms at full size; one tile made once and repeated looks the same in a photo.
    private static readonly Lazy<Image> Grain = new(() =>
    {
        using var noise = Image.Gaussnoise(Width / Scale, Height / Scale, sigma: 7, mean: 0, seed: 20261125);
        return noise.CopyMemory();
    });

    /// <summary>Shots per listing: a few items get a second and third photo, the rest one, to keep the first start quick.</summary>
    public static int ShotsFor(int itemIndex) => itemIndex % 5 == 0 ? 3 : itemIndex % 3 == 0 ? 2 : 1;

    /// <summary>A JPEG of <see cref="Width"/> x <see cref="Height"/> for shot <paramref name="shot"/> of the item.</summary>
    public static byte[] Render(string title, int itemIndex, int shot)
    {
        var random = new Random((itemIndex * 7919) + (shot * 104729) + 17);
        var hue = ((itemIndex * 137.508) + (shot * 61)) % 360; // golden-angle steps: neighbouring items look different
        var light = Hsl(hue, 0.35, 0.86 - (random.NextDouble() * 0.08));
        var dark = Hsl((hue + 25 + (random.Next(60) * (shot % 2 == 0 ? 1 : -1)) + 360) % 360, 0.35, 0.42 + (random.NextDouble() * 0.12));
        var body = Hsl((hue + 180) % 360, 0.55, 0.35 + (random.NextDouble() * 0.2));
        var accent = Hsl((hue + 90 + random.Next(90)) % 360, 0.7, 0.55);

        // The scene is drawn at a quarter of the size and scaled up (smooth shapes, a few ms); label and grain at full size.
        const int w0 = Width / Scale, h0 = Height / Scale;
        using var xyz = Image.Xyz(w0, h0);
        using var x = xyz[0].Cast(Enums.BandFormat.Float);
        using var y = xyz[1].Cast(Enums.BandFormat.Float);

        // The backdrop: a gradient at an angle of its own, light to dark.
        var angle = random.NextDouble() * Math.PI * 2;
        var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));
        var span = (Math.Abs(cos) * w0) + (Math.Abs(sin) * h0);
        using var along = ((x * cos) + (y * sin)).Linear([1 / span], [(Math.Min(0, cos) * -w0 / span) + (Math.Min(0, sin) * -h0 / span)]);
        var photo = along.Linear([dark[0] - light[0], dark[1] - light[1], dark[2] - light[2]], light);

        // The item: one to three shapes, placed by the shot's own dice, each with a soft shadow under it.
        var shapes = 1 + ((itemIndex + shot) % 3);
        for (var s = 0; s < shapes; s++)
        {
            var w = random.Next(w0 / 5, w0 / 2);
            var h = random.Next(h0 / 5, h0 / 2);
            var left = random.Next(10, w0 - w - 10);
            var top = shot % 2 == 0 ? random.Next(10, h0 - h - 50) : random.Next(45, h0 - h - 10); // clear of the label
            var round = (s + itemIndex + shot) % 2 == 0;
            photo = Shadow(photo, x, y, left + (w / 2.0), top + h + 2.5, w * 0.55, 7);
            photo = Shape(photo, x, y, left, top, w, h, round, s == 0 ? body : accent);
            photo = Shape(photo, x, y, left + (w / 6), top + (h / 8), w / 3, Math.Max(2, h / 10), round: false, Hsl(hue, 0.2, 0.93)); // a highlight
        }

        using var small = photo;
        using var smooth = small.Gaussblur(0.8); // soft edges rather than steps once scaled up
        using var scene = smooth.Resize(Scale, kernel: Enums.Kernel.Linear);
        using var shaped = scene.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        using var withLabel = Label(shaped, title, shot, random);
        using var grain = Grain.Value.Replicate(Scale, Scale);
        using var grained = withLabel + grain;
        using var final = grained.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        return final.JpegsaveBuffer(q: 88, keep: Enums.ForeignKeep.None);
    }

    private static Image Shape(Image photo, Image x, Image y, double left, double top, double w, double h, bool round, double[] colour)
    {
        using var inside = round
            ? ((((x - (left + (w / 2))) / (w / 2)).Pow(2)) + (((y - (top + (h / 2))) / (h / 2)).Pow(2))) < 1
            : (x >= left) & (x < left + w) & (y >= top) & (y < top + h);
        using (photo)
        {
            return inside.Ifthenelse(colour, photo);
        }
    }

    private static Image Shadow(Image photo, Image x, Image y, double cx, double cy, double rx, double ry)
    {
        using var ellipse = ((((x - cx) / rx).Pow(2)) + (((y - cy) / ry).Pow(2))) < 1;
        using var soft = ellipse.Gaussblur(3);
        using var mask = soft * 0.45;
        using (photo)
        {
            return mask.Cast(Enums.BandFormat.Uchar).Ifthenelse(new[] { 20.0, 20, 25 }, photo, blend: true);
        }
    }

    /// <summary>The item's name on a pale label, at the bottom or the top; skipped where no font is installed.</summary>
    private static Image Label(Image photo, string title, int shot, Random random)
    {
        try
        {
            using var text = Image.Text(title, width: Width - 200, dpi: 72, font: "DejaVu Sans Bold 54", align: Enums.Align.Centre);
            if (text.Width < 2 || text.Height < 2)
            {
                return photo.Copy();
            }

            var top = shot % 2 == 0 ? Height - text.Height - 60 : 40;
            var left = (Width - text.Width) / 2;
            using var plate = photo.Mutate(m => m.DrawRect([248.0, 246, 240], left - 30, top - 18, text.Width + 60, text.Height + 36, fill: true));
            var ink = random.Next(3) switch { 0 => new[] { 30.0, 34, 40 }, 1 => new[] { 20.0, 40, 90 }, _ => new[] { 90.0, 20, 30 } };
            return plate.Mutate(m => m.DrawMask(ink, text, left, top));
        }
        catch (VipsException)
        {
            return photo.Copy();
        }
    }

    private static double[] Hsl(double hue, double saturation, double lightness)
    {
        var c = (1 - Math.Abs((2 * lightness) - 1)) * saturation;
        var h = hue / 60;
        var x = c * (1 - Math.Abs((h % 2) - 1));
        var (r, g, b) = h switch
        {
            < 1 => (c, x, 0.0),
            < 2 => (x, c, 0.0),
            < 3 => (0.0, c, x),
            < 4 => (0.0, x, c),
            < 5 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        var m = lightness - (c / 2);
        return [(r + m) * 255, (g + m) * 255, (b + m) * 255];
    }
}

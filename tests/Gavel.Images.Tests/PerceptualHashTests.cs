using Gavel.Images.Tests.Support;
using NetVips;

namespace Gavel.Images.Tests;

public sealed class PerceptualHashTests
{
    private static readonly ImagesOptions Limits = new();

    [Fact]
    public void TheSamePhotoReEncodedSmallerHashesAlmostTheSame()
    {
        var original = ImageInspector.Inspect(TestImages.Jpeg(2000, 1500, seed: 7, quality: 92), Limits);
        var copy = ImageInspector.Inspect(TestImages.Jpeg(800, 600, seed: 7, quality: 60), Limits);
        using var photo = TestImages.Photo(2000, 1500, seed: 7);
        var asWebP = ImageInspector.Inspect(photo.WebpsaveBuffer(q: 50), Limits);

        Assert.InRange(PerceptualHash.Distance(original.Hash, copy.Hash), 0, 4);
        Assert.InRange(PerceptualHash.Distance(original.Hash, asWebP.Hash), 0, 4);
    }

    [Fact]
    public void DifferentPhotosAreFarApart()
    {
        var hashes = Enumerable.Range(1, 6).Select(seed => ImageInspector.Inspect(TestImages.Jpeg(900, 600, seed), Limits).Hash).ToList();

        foreach (var a in hashes)
        {
            foreach (var b in hashes.Where(b => b != a))
            {
                Assert.True(PerceptualHash.Distance(a, b) > 12, $"{a:x16} and {b:x16} are only {PerceptualHash.Distance(a, b)} apart");
            }
        }
    }

    [Fact]
    public void TheHashIsTakenFromTheUprightPhoto()
    {
        using var photo = TestImages.Photo(1200, 900, seed: 9);
        using var stored = photo.Rot270();
        using var tagged = stored.Mutate(m => m.Set(GValue.GIntType, "orientation", 6));

        var upright = ImageInspector.Inspect(photo.JpegsaveBuffer(), Limits);
        var sideways = ImageInspector.Inspect(tagged.JpegsaveBuffer(), Limits);

        Assert.InRange(PerceptualHash.Distance(upright.Hash, sideways.Hash), 0, 4);
    }

    [Fact]
    public void DistanceCountsDifferingBits()
    {
        Assert.Equal(0, PerceptualHash.Distance(0x0FUL, 0x0FUL));
        Assert.Equal(64, PerceptualHash.Distance(0UL, ulong.MaxValue));
        Assert.Equal(3, PerceptualHash.Distance(-1L, unchecked((long)(ulong.MaxValue ^ 0b111))));
    }
}

using Gavel.Images.Tests.Support;
using NetVips;

namespace Gavel.Images.Tests;

public sealed class ImagePipelineTests
{
    [Fact]
    public void ACameraPhotoBecomesSixUprightVariantsOfTheRightSizes()
    {
        var processed = ImagePipeline.Process(TestImages.CameraJpeg(2400, 1800));

        Assert.Equal((1800, 2400), (processed.Width, processed.Height));
        Assert.Equal(6, processed.Variants.Count);
        var expected = new Dictionary<string, (int, int)> { ["thumbnail"] = (240, 320), ["card"] = (480, 640), ["full"] = (1200, 1600) };
        foreach (var variant in processed.Variants)
        {
            using var image = Image.NewFromBuffer(variant.Bytes);
            Assert.Equal(expected[variant.Name], (image.Width, image.Height));
            Assert.Equal((variant.Width, variant.Height), (image.Width, image.Height));
            Assert.Equal(variant.Format == VariantFormat.WebP ? "webpload_buffer" : "jpegload_buffer", image.Get("vips-loader"));
        }
    }

    [Fact]
    public void TheRedPatchStoredTopLeftEndsUpTopRightOnceRotated()
    {
        var processed = ImagePipeline.Process(TestImages.CameraJpeg(2400, 1800));
        var full = processed.Variants.Single(v => v.Name == "full" && v.Format == VariantFormat.Jpeg);

        using var image = Image.NewFromBuffer(full.Bytes);
        var topRight = image.Getpoint(image.Width - 20, 20);
        var topLeft = image.Getpoint(20, 20);

        Assert.True(topRight[0] > 180 && topRight[1] < 80, $"top right should be red: {string.Join(",", topRight)}");
        Assert.False(topLeft[0] > 180 && topLeft[1] < 80, "top left should not be red");
    }

    [Fact]
    public void NoVariantKeepsExifGpsOrAnyOtherMetadata()
    {
        var original = TestImages.CameraJpeg(2400, 1800);
        Assert.NotEmpty(Metadata.LeftIn(original)); // the test photo does carry GPS and EXIF

        foreach (var variant in ImagePipeline.Process(original).Variants)
        {
            Assert.Empty(Metadata.LeftIn(variant.Bytes));
            Assert.False(Metadata.HasExifBytes(variant.Bytes), $"{variant.Name}.{variant.Format} still has EXIF bytes");
        }
    }

    [Fact]
    public void AlphaIsKeptInWebPAndFlattenedOntoWhiteInJpeg()
    {
        var processed = ImagePipeline.Process(TestImages.PngWithAlpha(1000, 800));

        using var webp = Image.NewFromBuffer(processed.Variants.First(v => v.Format == VariantFormat.WebP).Bytes);
        using var jpeg = Image.NewFromBuffer(processed.Variants.First(v => v.Format == VariantFormat.Jpeg).Bytes);
        Assert.True(webp.HasAlpha());
        Assert.False(jpeg.HasAlpha());
        Assert.True(jpeg.Getpoint(5, 5).All(c => c > 245), "the transparent corner should be white in the JPEG");
    }

    [Fact]
    public void ASmallPhotoIsNeverEnlarged()
    {
        var processed = ImagePipeline.Process(TestImages.Jpeg(500, 400));

        Assert.Equal((500, 400), (processed.Variants.Single(v => v.Name == "full" && v.Format == VariantFormat.WebP).Width, 400));
        Assert.All(processed.Variants.Where(v => v.Name == "full"), v => Assert.Equal((500, 400), (v.Width, v.Height)));
        Assert.All(processed.Variants.Where(v => v.Name == "thumbnail"), v => Assert.Equal((320, 256), (v.Width, v.Height)));
    }

    [Fact]
    public void ACmykJpegIsConvertedToThreeBandSrgb()
    {
        using var photo = TestImages.Photo(800, 600);
        using var cmyk = photo.IccExport(outputProfile: "cmyk");
        var bytes = cmyk.JpegsaveBuffer();
        using (var check = Image.NewFromBuffer(bytes))
        {
            Assert.Equal(4, check.Bands);
        }

        foreach (var variant in ImagePipeline.Process(bytes).Variants)
        {
            using var image = Image.NewFromBuffer(variant.Bytes);
            Assert.Equal(3, image.Bands);
            Assert.Equal(Enums.Interpretation.Srgb, image.Interpretation);
        }
    }

    [Fact]
    public void SixteenBitGreyPngBecomesEightBitSrgb()
    {
        using var photo = TestImages.Photo(700, 500);
        using var grey16 = photo.Colourspace(Enums.Interpretation.Grey16);
        var bytes = grey16.PngsaveBuffer();

        foreach (var variant in ImagePipeline.Process(bytes).Variants)
        {
            using var image = Image.NewFromBuffer(variant.Bytes);
            Assert.Equal(Enums.BandFormat.Uchar, image.Format);
            Assert.Equal(3, image.Bands);
        }
    }

    [Fact]
    public void ATruncatedOriginalFailsProcessingAsCorrupt()
    {
        var rejected = Assert.Throws<ImageRejectedException>(() => ImagePipeline.Process(TestImages.TruncatedJpeg()));

        Assert.Equal(ImageRules.CorruptImage, rejected.Code);
    }
}

using Gavel.Images.Tests.Support;

namespace Gavel.Images.Tests;

public sealed class ImageInspectorTests
{
    private static readonly ImagesOptions Limits = new();

    [Fact]
    public void ACameraJpegIsAcceptedWithItsUprightSize()
    {
        var inspected = ImageInspector.Inspect(TestImages.CameraJpeg(2400, 1800), Limits);

        Assert.Equal(ImageFormat.Jpeg, inspected.Format);
        Assert.Equal((1800, 2400), (inspected.Width, inspected.Height));
    }

    [Fact]
    public void PngWithAlphaAndWebPAreAccepted()
    {
        Assert.Equal(ImageFormat.Png, ImageInspector.Inspect(TestImages.PngWithAlpha(), Limits).Format);
        Assert.Equal(ImageFormat.WebP, ImageInspector.Inspect(TestImages.WebP(), Limits).Format);
    }

    [Fact]
    public void APngHeaderClaimingHalfABillionPixelsIsRefusedBeforeDecoding()
    {
        var rejected = Assert.Throws<ImageRejectedException>(() => ImageInspector.Inspect(TestImages.PngBombHeader(), Limits));

        Assert.Equal(ImageRules.TooManyPixels, rejected.Code);
        Assert.Contains("500,000,000", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AJpegClaiming60000By60000IsRefusedAsTooManyPixels()
    {
        var rejected = Assert.Throws<ImageRejectedException>(() => ImageInspector.Inspect(TestImages.JpegClaiming(60_000, 60_000), Limits));

        Assert.Equal(ImageRules.TooManyPixels, rejected.Code);
        Assert.Equal(422, rejected.Status);
    }

    [Fact]
    public void TheLibvipsHeaderIsCheckedTooForFormatsWeDoNotParse()
    {
        var small = new ImagesOptions { MaxPixels = 1000 };

        Assert.Equal(ImageRules.TooManyPixels, Assert.Throws<ImageRejectedException>(() => ImageInspector.Inspect(TestImages.WebP(100, 100), small)).Code);
        Assert.Equal(ImageRules.TooManyPixels, Assert.Throws<ImageRejectedException>(() => ImageInspector.Inspect(TestImages.Jpeg(100, 100), small)).Code);
    }

    [Fact]
    public void ATruncatedJpegIsCorrupt()
    {
        var rejected = Assert.Throws<ImageRejectedException>(() => ImageInspector.Inspect(TestImages.TruncatedJpeg(), Limits));

        Assert.Equal(ImageRules.CorruptImage, rejected.Code);
    }

    [Fact]
    public void AZipRenamedToJpgIsNotAnImage()
    {
        var rejected = Assert.Throws<ImageRejectedException>(() => ImageInspector.Inspect(TestImages.Zip(), Limits));

        Assert.Equal(ImageRules.UnsupportedFormat, rejected.Code);
        Assert.Equal(415, rejected.Status);
    }

    [Fact]
    public void HtmlBehindAJpegSignatureIsRefusedAsAPolyglot()
    {
        var rejected = Assert.Throws<ImageRejectedException>(() => ImageInspector.Inspect(TestImages.HtmlWithJpegHeader(), Limits));

        Assert.Equal(ImageRules.PolyglotFile, rejected.Code);
    }

    [Fact]
    public void AValidJpegWithAZipAppendedIsRefusedAsAPolyglot()
    {
        var rejected = Assert.Throws<ImageRejectedException>(() => ImageInspector.Inspect(TestImages.JpegZipPolyglot(), Limits));

        Assert.Equal(ImageRules.PolyglotFile, rejected.Code);
    }

    [Theory]
    [InlineData("GIF89a")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>")]
    [InlineData("%PDF-1.7")]
    [InlineData("II*\0")]
    [InlineData("")]
    public void OtherFormatsAreUnsupported(string start)
    {
        byte[] file = [.. System.Text.Encoding.ASCII.GetBytes(start), .. new byte[64]];

        Assert.Equal(ImageRules.UnsupportedFormat, Assert.Throws<ImageRejectedException>(() => ImageInspector.Inspect(file, Limits)).Code);
    }

    [Fact]
    public void AnAvifPhotoIsReadByTheBundledLibvips()
    {
        using var photo = TestImages.Photo(900, 600, seed: 4);
        var avif = photo.HeifsaveBuffer(compression: NetVips.Enums.ForeignHeifCompression.Av1, effort: 0);

        var inspected = ImageInspector.Inspect(avif, Limits);

        Assert.Equal(ImageFormat.Avif, inspected.Format);
        Assert.Equal((900, 600), (inspected.Width, inspected.Height));
        Assert.Equal(6, ImagePipeline.Process(avif).Variants.Count);
    }

    [Fact]
    public void AHeicFileThatCannotBeDecodedIsAnUnsupportedFormatWithAWayOut()
    {
        byte[] heic = [0, 0, 0, 24, .. "ftypheic"u8.ToArray(), 0, 0, 0, 0, .. "mif1heic"u8.ToArray(), .. new byte[200]];

        var rejected = Assert.Throws<ImageRejectedException>(() => ImageInspector.Inspect(heic, Limits));

        Assert.Equal(ImageRules.UnsupportedFormat, rejected.Code);
        Assert.Contains("Most Compatible", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileOverTheByteLimitIsTooLarge()
    {
        var rejected = Assert.Throws<ImageRejectedException>(() => ImageInspector.Inspect(TestImages.Jpeg(400, 300), new ImagesOptions { MaxBytesPerFile = 1024 }));

        Assert.Equal(ImageRules.ImageTooLarge, rejected.Code);
        Assert.Equal(413, rejected.Status);
    }

    [Fact]
    public void TheFormatIsDecidedBySignatureAlone()
    {
        Assert.Equal(ImageFormat.Jpeg, ImageFormats.Detect(TestImages.Jpeg(10, 10)));
        Assert.Equal(ImageFormat.Png, ImageFormats.Detect(TestImages.PngWithAlpha(10, 10)));
        Assert.Equal(ImageFormat.WebP, ImageFormats.Detect(TestImages.WebP(10, 10)));
        Assert.Equal(ImageFormat.Avif, ImageFormats.Detect([0, 0, 0, 0x1C, .. "ftypavif"u8.ToArray(), 0, 0, 0, 0]));
        Assert.Equal(ImageFormat.Avif, ImageFormats.Detect([0, 0, 0, 0x18, .. "ftypmif1"u8.ToArray(), 0, 0, 0, 0, .. "mif1avif"u8.ToArray()]));
        Assert.Equal(ImageFormat.Heic, ImageFormats.Detect([0, 0, 0, 0x18, .. "ftypheic"u8.ToArray(), 0, 0, 0, 0, .. "mif1heic"u8.ToArray()]));
        Assert.Null(ImageFormats.Detect(TestImages.Zip()));
    }

    [Theory]
    [InlineData("jpeg")]
    [InlineData("png")]
    [InlineData("webp")]
    public void TheHeaderReaderFindsTheStoredSize(string format)
    {
        using var photo = TestImages.Photo(123, 45);
        var bytes = format switch { "jpeg" => photo.JpegsaveBuffer(), "png" => photo.PngsaveBuffer(), _ => photo.WebpsaveBuffer() };

        Assert.Equal((123L, 45L), ImageHeader.ReadSize(bytes, ImageFormats.Detect(bytes)!.Value));
    }

    [Fact]
    public void TheHeaderReaderReadsLosslessWebP()
    {
        using var photo = TestImages.Photo(321, 99);
        var bytes = photo.WebpsaveBuffer(lossless: true);

        Assert.Equal((321L, 99L), ImageHeader.ReadSize(bytes, ImageFormat.WebP));
    }
}

using Gavel.Images.Tests.Support;

namespace Gavel.Images.Tests;

public sealed class QualityAnalysisTests
{
    [Fact]
    public void ASharpWellExposedPhotoGetsNoTips()
    {
        var quality = ImagePipeline.Process(TestImages.Jpeg(2000, 1500)).Quality;

        Assert.Empty(quality.Tips);
        Assert.True(quality.Sharpness > QualityAnalysis.BlurThreshold, $"sharpness {quality.Sharpness}");
    }

    [Fact]
    public void ABlurredPhotoIsCalledBlurry()
    {
        using var photo = TestImages.Photo(2000, 1500);
        using var blurred = photo.Gaussblur(8);

        var quality = ImagePipeline.Process(blurred.JpegsaveBuffer()).Quality;

        Assert.Contains(quality.Tips, t => t.Code == "blurry");
        Assert.True(quality.Sharpness < QualityAnalysis.BlurThreshold, $"sharpness {quality.Sharpness}");
    }

    [Fact]
    public void ADarkPhotoIsCalledDarkAndABrightOneOverexposed()
    {
        using var dark = TestImages.Photo(2000, 1500, brightness: 25);
        using var bright = TestImages.Photo(2000, 1500, brightness: 240);

        Assert.Contains(ImagePipeline.Process(dark.JpegsaveBuffer()).Quality.Tips, t => t.Code == "too_dark");
        Assert.Contains(ImagePipeline.Process(bright.JpegsaveBuffer()).Quality.Tips, t => t.Code == "too_bright");
    }

    [Fact]
    public void ASmallPhotoGetsALowResolutionTipThatSaysItsSize()
    {
        var tip = Assert.Single(ImagePipeline.Process(TestImages.Jpeg(640, 480)).Quality.Tips, t => t.Code == "low_resolution");

        Assert.Contains("640 x 480", tip.Message, StringComparison.Ordinal);
    }
}

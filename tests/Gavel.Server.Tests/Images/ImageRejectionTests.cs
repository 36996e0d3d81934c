using System.Net;
using Gavel.Core.Data;
using Gavel.Images.Tests.Support;
using Gavel.Server.Tests.Infrastructure;

namespace Gavel.Server.Tests.Images;

/// <summary>Hostile and broken files, each refused with the rule it breaks. The rules do not depend on the database: SQLite only.</summary>
public sealed class ImageRejectionTests
{
    public static TheoryData<string, string, int, string> HostileFiles => new()
    {
        { "bomb.png", nameof(TestImages.PngBombHeader), 422, "too_many_pixels" },
        { "huge.jpg", nameof(TestImages.JpegClaiming), 422, "too_many_pixels" },
        { "cut-off.jpg", nameof(TestImages.TruncatedJpeg), 422, "corrupt_image" },
        { "holiday.jpg", nameof(TestImages.Zip), 415, "unsupported_format" },
        { "drawing.svg", nameof(TestImages.Svg), 415, "unsupported_format" },
        { "photo.jpg", nameof(TestImages.HtmlWithJpegHeader), 422, "polyglot_file" },
        { "photo2.jpg", nameof(TestImages.JpegZipPolyglot), 422, "polyglot_file" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public async Task AHostileFileIsRefusedWithTheRuleItBreaksAndLeavesNothing(string name, string maker, int status, string code)
    {
        await using var photos = await PhotoApp.StartAsync(DatabaseProvider.Sqlite);
        var seller = await photos.App.CreateUserAsync();
        var auctionId = await photos.App.CreateLiveAuctionAsync(seller);
        var bytes = (byte[])typeof(TestImages).GetMethod(maker)!.Invoke(null, maker == nameof(TestImages.JpegClaiming) ? [60_000, 60_000] : maker == nameof(TestImages.PngBombHeader) ? [1, 500_000_000] : [])!;

        // A good photo in the same request is refused with it: uploads are all or nothing.
        var problem = await ProblemAssert.IsProblemAsync(
            await seller.Client.UploadAsync(auctionId, ("good.jpg", TestImages.Jpeg(800, 600)), (name, bytes)), (HttpStatusCode)status, code);

        Assert.Equal(name, problem["file"]!.GetValue<string>());
        Assert.Contains(name, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await seller.Client.PhotosAsync(auctionId));
        Assert.Empty(photos.StoredFiles("originals"));
    }

    [Fact]
    public async Task AFileOverTheByteLimitIsRefusedAsTooLarge()
    {
        await using var photos = await PhotoApp.StartAsync(DatabaseProvider.Sqlite, s => s["Images:MaxBytesPerFile"] = "100000");
        var seller = await photos.App.CreateUserAsync();
        var auctionId = await photos.App.CreateLiveAuctionAsync(seller);

        await ProblemAssert.IsProblemAsync(
            await seller.Client.UploadAsync(auctionId, ("big.jpg", TestImages.Jpeg(2000, 1500))), HttpStatusCode.RequestEntityTooLarge, "image_too_large");
    }

    [Fact]
    public async Task AnImageOverThePixelLimitIsRefused()
    {
        await using var photos = await PhotoApp.StartAsync(DatabaseProvider.Sqlite, s => s["Images:MaxPixels"] = "1000000");
        var seller = await photos.App.CreateUserAsync();
        var auctionId = await photos.App.CreateLiveAuctionAsync(seller);

        var problem = await ProblemAssert.IsProblemAsync(
            await seller.Client.UploadAsync(auctionId, ("big.webp", TestImages.WebP(1400, 1000))), HttpStatusCode.UnprocessableEntity, "too_many_pixels");

        Assert.Contains("1 megapixels", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestWithoutFilesOrNotMultipartIsRefused()
    {
        await using var photos = await PhotoApp.StartAsync(DatabaseProvider.Sqlite);
        var seller = await photos.App.CreateUserAsync();
        var auctionId = await photos.App.CreateLiveAuctionAsync(seller);

        var textOnly = new MultipartFormDataContent { { new StringContent("IMG_0001.JPG"), "files" } };

        await ProblemAssert.IsProblemAsync(await seller.Client.PostAsync($"/api/auctions/{auctionId}/images", textOnly), HttpStatusCode.BadRequest, "no_photos");
        await ProblemAssert.IsProblemAsync(
            await seller.Client.PostAsync($"/api/auctions/{auctionId}/images", new ByteArrayContent(TestImages.Jpeg(100, 100))), HttpStatusCode.UnsupportedMediaType, "unsupported_format");
    }
}

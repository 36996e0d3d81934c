using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gavel.Core.Data;
using Gavel.Core.Images;
using Gavel.Images.Tests.Support;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using NetVips;

namespace Gavel.Server.Tests.Images;

public abstract class ImagesApiTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task UploadedPhotosAreQueuedThenServedAsStrippedUprightVariantsWithSrcset()
    {
        await using var photos = await PhotoApp.StartAsync(Provider);
        var seller = await photos.App.CreateUserAsync();
        var auctionId = await photos.App.CreateLiveAuctionAsync(seller);

        var upload = await seller.Client.UploadAsync(
            auctionId, ("IMG_0001.JPG", TestImages.CameraJpeg()), ("cutout.png", TestImages.PngWithAlpha()), ("shot.webp", TestImages.WebP()));
        var queued = (JsonArray)(await upload.ReadJsonAsync())["items"]!;

        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        Assert.All(queued, p => Assert.Equal("processing", p!["status"]!.GetValue<string>()));
        Assert.All(queued, p => Assert.Null(p!["srcset"]));
        Assert.Empty(await photos.App.Anonymous().PhotosAsync(auctionId)); // nothing public until processed
        Assert.Equal(3, await photos.ProcessQueueAsync());

        var gallery = await photos.App.Anonymous().PhotosAsync(auctionId);
        Assert.Equal(3, gallery.Count);
        Assert.All(gallery, p => Assert.Equal("ready", p!["status"]!.GetValue<string>()));
        var camera = gallery[0]!;
        Assert.True(camera["isCover"]!.GetValue<bool>());
        Assert.Equal((1800, 2400), (camera["width"]!.GetValue<int>(), camera["height"]!.GetValue<int>()));
        Assert.Matches(@"^/images/\S+\.webp 240w, /images/\S+\.webp 480w, /images/\S+\.webp 1200w$", camera["srcset"]!["webp"]!.GetValue<string>());
        Assert.Matches(@"^/images/\S+\.jpg 240w, /images/\S+\.jpg 480w, /images/\S+\.jpg 1200w$", camera["srcset"]!["jpeg"]!.GetValue<string>());

        var expected = new Dictionary<string, (int, int)> { ["thumbnail"] = (240, 320), ["card"] = (480, 640), ["full"] = (1200, 1600) };
        foreach (var variant in camera["variants"]!.AsArray())
        {
            foreach (var format in new[] { "webp", "jpeg" })
            {
                var response = await photos.App.Anonymous().GetAsync(variant![format]!.GetValue<string>());
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(format == "webp" ? "image/webp" : "image/jpeg", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains("immutable", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
                Assert.NotNull(response.Headers.ETag);
                var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
                Assert.Empty(Metadata.LeftIn(bytes));
                Assert.False(Metadata.HasExifBytes(bytes));
                using var image = Image.NewFromBuffer(bytes);
                Assert.Equal(expected[variant["name"]!.GetValue<string>()], (image.Width, image.Height));
            }
        }
    }

    [Fact]
    public async Task AServedVariantAnswersNotModifiedToItsETag()
    {
        await using var photos = await PhotoApp.StartAsync(Provider);
        var seller = await photos.App.CreateUserAsync();
        var auctionId = await photos.App.CreateLiveAuctionAsync(seller);
        await (await seller.Client.UploadAsync(auctionId, ("a.jpg", TestImages.Jpeg(1600, 1200)))).UploadedIdsAsync();
        await photos.ProcessQueueAsync();
        var url = (await photos.App.Anonymous().PhotosAsync(auctionId))[0]!["src"]!.GetValue<string>();

        var first = await photos.App.Anonymous().GetAsync(url);
        var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await photos.App.Anonymous().SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await photos.App.Anonymous().GetAsync(url.Replace("_card_", "_full_", StringComparison.Ordinal))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await photos.App.Anonymous().GetAsync("/images/..%2Foriginals%2Fx.jpg")).StatusCode);
    }

    [Fact]
    public async Task OnlyTheSellerMayUploadAndADraftIsInvisibleToOthers()
    {
        await using var photos = await PhotoApp.StartAsync(Provider);
        var seller = await photos.App.CreateUserAsync();
        var other = await photos.App.CreateUserAsync();
        var live = await photos.App.CreateLiveAuctionAsync(seller);
        var draft = await photos.CreateDraftAsync(seller);
        var file = ("a.jpg", TestImages.Jpeg(800, 600));

        await ProblemAssert.IsProblemAsync(await other.Client.UploadAsync(live, file), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await other.Client.UploadAsync(draft, file), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await other.Client.UploadAsync(Guid.NewGuid(), file), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, (await photos.App.Anonymous().UploadAsync(live, file)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/api/auctions/{draft}/images")).StatusCode);

        Assert.Single(await (await seller.Client.UploadAsync(draft, file)).UploadedIdsAsync());
        Assert.Single(await seller.Client.PhotosAsync(draft));
        Assert.Empty(await photos.App.Anonymous().PhotosAsync(live));
    }

    [Fact]
    public async Task TheSamePhotoTwiceInOneListingIsRefused()
    {
        await using var photos = await PhotoApp.StartAsync(Provider);
        var seller = await photos.App.CreateUserAsync();
        var auctionId = await photos.App.CreateLiveAuctionAsync(seller);
        var firstId = (await (await seller.Client.UploadAsync(auctionId, ("a.jpg", TestImages.Jpeg(2000, 1500, seed: 5)))).UploadedIdsAsync()).Single();

        var resized = await ProblemAssert.IsProblemAsync(
            await seller.Client.UploadAsync(auctionId, ("a-small.jpg", TestImages.Jpeg(900, 675, seed: 5, quality: 70))), HttpStatusCode.Conflict, "duplicate_photo");
        var twiceInOne = await ProblemAssert.IsProblemAsync(
            await seller.Client.UploadAsync(auctionId, ("b.jpg", TestImages.Jpeg(1200, 900, seed: 6)), ("b-again.jpg", TestImages.Jpeg(1200, 900, seed: 6))),
            HttpStatusCode.Conflict,
            "duplicate_photo");

        Assert.Equal(firstId, resized["duplicateOf"]!.GetValue<Guid>());
        Assert.Equal("b-again.jpg", twiceInOne["file"]!.GetValue<string>());
        Assert.Single(await seller.Client.PhotosAsync(auctionId));
        Assert.Single(photos.StoredFiles("originals")); // the refused uploads left nothing behind
        Assert.Single(await (await seller.Client.UploadAsync(auctionId, ("c.jpg", TestImages.Jpeg(1200, 900, seed: 8)))).UploadedIdsAsync());
    }

    [Fact]
    public async Task AListingTakesAtMostTheConfiguredNumberOfPhotos()
    {
        await using var photos = await PhotoApp.StartAsync(Provider, s => s["Images:MaxPhotosPerAuction"] = "2");
        var seller = await photos.App.CreateUserAsync();
        var auctionId = await photos.App.CreateLiveAuctionAsync(seller);

        Assert.Equal(2, (await (await seller.Client.UploadAsync(auctionId, ("1.jpg", TestImages.Jpeg(640, 480, 11)), ("2.jpg", TestImages.Jpeg(640, 480, 12)))).UploadedIdsAsync()).Count);
        await ProblemAssert.IsProblemAsync(
            await seller.Client.UploadAsync(auctionId, ("3.jpg", TestImages.Jpeg(640, 480, 13))), HttpStatusCode.Conflict, "too_many_photos");
        await ProblemAssert.IsProblemAsync(
            await seller.Client.UploadAsync(auctionId, ("3.jpg", TestImages.Jpeg(640, 480, 13)), ("4.jpg", TestImages.Jpeg(640, 480, 14)), ("5.jpg", TestImages.Jpeg(640, 480, 15))),
            HttpStatusCode.Conflict,
            "too_many_photos");
        Assert.Equal(2, photos.StoredFiles("originals").Length);
    }

    [Fact]
    public async Task ASellerUploadsAtMostTheDailyQuotaAcrossListingsAndDeletingFreesIt()
    {
        var first = TestImages.Jpeg(640, 480, 21);
        var second = TestImages.Jpeg(640, 480, 22);
        var quota = first.Length + second.Length - 1;
        await using var photos = await PhotoApp.StartAsync(Provider, s => s["Images:MaxBytesPerSellerPerDay"] = quota.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var seller = await photos.App.CreateUserAsync();
        var other = await photos.App.CreateUserAsync();
        var live = await photos.App.CreateLiveAuctionAsync(seller);
        var draft = await photos.CreateDraftAsync(seller);
        var uploaded = Assert.Single(await (await seller.Client.UploadAsync(live, ("1.jpg", first))).UploadedIdsAsync());

        var refused = await ProblemAssert.IsProblemAsync(
            await seller.Client.UploadAsync(draft, ("2.jpg", second)), HttpStatusCode.Conflict, "upload_quota_exceeded");

        Assert.Equal(quota, refused["limitBytes"]!.GetValue<long>());
        Assert.Single(photos.StoredFiles("originals")); // the refused upload left nothing behind
        Assert.Empty(await seller.Client.PhotosAsync(draft));
        Assert.Single(await (await other.Client.UploadAsync(await photos.App.CreateLiveAuctionAsync(other), ("2.jpg", second))).UploadedIdsAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await seller.Client.DeleteAsync($"/api/auctions/{live}/images/{uploaded}")).StatusCode);
        Assert.Single(await (await seller.Client.UploadAsync(draft, ("2.jpg", second))).UploadedIdsAsync());
        await ProblemAssert.IsProblemAsync(await seller.Client.UploadAsync(live, ("1.jpg", first)), HttpStatusCode.Conflict, "upload_quota_exceeded");

        // A day later (moved in the data: advancing the clock would expire the seller's token) the quota is free again.
        var dayAgo = photos.App.Clock.GetUtcNow().AddHours(-25);
        await photos.App.WithDbAsync(db => db.AuctionImages.Where(i => i.SellerId == seller.Id).ExecuteUpdateAsync(u => u.SetProperty(i => i.CreatedAt, dayAgo)));
        Assert.Single(await (await seller.Client.UploadAsync(live, ("1.jpg", first))).UploadedIdsAsync());
    }

    [Fact]
    public async Task AnotherSellersPhotoIsFlaggedForAdminReview()
    {
        await using var photos = await PhotoApp.StartAsync(Provider);
        var honest = await photos.App.CreateUserAsync();
        var copier = await photos.App.CreateUserAsync();
        var admin = await photos.App.CreateUserAsync(admin: true);
        var original = await photos.App.CreateLiveAuctionAsync(honest);
        var copy = await photos.App.CreateLiveAuctionAsync(copier);
        var originalId = (await (await honest.Client.UploadAsync(original, ("mine.jpg", TestImages.Jpeg(2000, 1500, seed: 21)))).UploadedIdsAsync()).Single();
        await photos.ProcessQueueAsync();

        var copyId = (await (await copier.Client.UploadAsync(copy, ("found-online.jpg", TestImages.Jpeg(1000, 750, seed: 21, quality: 75)))).UploadedIdsAsync()).Single();
        await (await copier.Client.UploadAsync(copy, ("own.jpg", TestImages.Jpeg(1000, 750, seed: 22)))).UploadedIdsAsync();
        await photos.ProcessQueueAsync();

        var flags = await admin.Client.GetJsonAsync("/api/admin/image-flags");
        var flag = Assert.Single(flags["items"]!.AsArray())!;
        Assert.Equal(copyId, flag["image"]!["imageId"]!.GetValue<Guid>());
        Assert.Equal(copier.Id, flag["image"]!["sellerId"]!.GetValue<Guid>());
        Assert.Equal(originalId, flag["matched"]!["imageId"]!.GetValue<Guid>());
        Assert.Equal(original, flag["matched"]!["auctionId"]!.GetValue<Guid>());
        Assert.InRange(flag["distance"]!.GetValue<int>(), 0, 6);
        Assert.StartsWith("/images/", flag["image"]!["thumbnail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, (await copier.Client.PhotosAsync(copy)).Count(p => p!["status"]!.GetValue<string>() == "ready")); // flagged, not blocked
        await ProblemAssert.IsProblemAsync(await copier.Client.GetAsync("/api/admin/image-flags"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TheSellerReordersSetsTheCoverAndDeletesPhotos()
    {
        await using var photos = await PhotoApp.StartAsync(Provider);
        var seller = await photos.App.CreateUserAsync();
        var other = await photos.App.CreateUserAsync();
        var auctionId = await photos.App.CreateLiveAuctionAsync(seller);
        var ids = await (await seller.Client.UploadAsync(
            auctionId, ("1.jpg", TestImages.Jpeg(800, 600, 31)), ("2.jpg", TestImages.Jpeg(800, 600, 32)), ("3.jpg", TestImages.Jpeg(800, 600, 33)))).UploadedIdsAsync();
        await photos.ProcessQueueAsync();
        var deletedUrls = (await seller.Client.PhotosAsync(auctionId))[1]!["variants"]!.AsArray().Select(v => v!["webp"]!.GetValue<string>()).ToList();

        var reordered = await seller.Client.PutAsJsonAsync($"/api/auctions/{auctionId}/images/order", new { imageIds = new[] { ids[2], ids[0], ids[1] } });
        Assert.Equal(HttpStatusCode.OK, reordered.StatusCode);
        Assert.Equal([ids[2], ids[0], ids[1]], await OrderAsync(seller, auctionId));

        Assert.Equal(HttpStatusCode.OK, (await seller.Client.PostAsync($"/api/auctions/{auctionId}/images/{ids[1]}/cover", null)).StatusCode);
        Assert.Equal([ids[1], ids[2], ids[0]], await OrderAsync(seller, auctionId));

        Assert.Equal(HttpStatusCode.NoContent, (await seller.Client.DeleteAsync($"/api/auctions/{auctionId}/images/{ids[1]}")).StatusCode);
        Assert.Equal([ids[2], ids[0]], await OrderAsync(seller, auctionId));
        Assert.Equal([0, 1], (await seller.Client.PhotosAsync(auctionId)).Select(p => p!["position"]!.GetValue<int>()));
        Assert.Equal(2, photos.StoredFiles("originals").Length);
        Assert.Equal(12, photos.StoredFiles("variants").Length);
        foreach (var url in deletedUrls)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await photos.App.Anonymous().GetAsync(url)).StatusCode);
        }

        await ProblemAssert.IsProblemAsync(
            await seller.Client.PutAsJsonAsync($"/api/auctions/{auctionId}/images/order", new { imageIds = new[] { ids[0] } }), HttpStatusCode.UnprocessableEntity, "invalid_order");
        await ProblemAssert.IsProblemAsync(await other.Client.DeleteAsync($"/api/auctions/{auctionId}/images/{ids[0]}"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await other.Client.PostAsync($"/api/auctions/{auctionId}/images/{ids[0]}/cover", null), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await seller.Client.DeleteAsync($"/api/auctions/{auctionId}/images/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task QueuedPhotosSurviveARestartAndAnAbandonedClaimIsTakenAgain()
    {
        await using var first = await PhotoApp.StartAsync(Provider);
        var seller = await first.App.CreateUserAsync();
        var auctionId = await first.App.CreateLiveAuctionAsync(seller);
        var ids = await (await seller.Client.UploadAsync(auctionId, ("1.jpg", TestImages.Jpeg(1200, 900, 41)), ("2.jpg", TestImages.Jpeg(1200, 900, 42)))).UploadedIdsAsync();

        // The first server "crashed" halfway through photo 2: it had claimed it and never finished.
        var claimedUntil = first.App.Clock.GetUtcNow().AddMinutes(2);
        await first.App.WithDbAsync(db => db.AuctionImages.Where(i => i.Id == ids[1])
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ClaimedUntil, claimedUntil).SetProperty(i => i.Attempts, 1)));

        await using var second = await first.StartAnotherServerAsync();
        Assert.Equal(1, await second.ProcessQueueAsync());
        second.App.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, await second.ProcessQueueAsync());

        var gallery = await second.App.Anonymous().PhotosAsync(auctionId);
        Assert.Equal(ids, gallery.Select(p => p!["id"]!.GetValue<Guid>()));
        Assert.All(gallery, p => Assert.Equal("ready", p!["status"]!.GetValue<string>()));
        Assert.Equal(2, await second.App.WithDbAsync(db => db.AuctionImages.Where(i => i.Id == ids[1]).Select(i => i.Attempts).SingleAsync()));
    }

    [Fact]
    public async Task APhotoThatCannotBeProcessedFailsWithAReasonOnlyTheSellerSees()
    {
        await using var photos = await PhotoApp.StartAsync(Provider);
        var seller = await photos.App.CreateUserAsync();
        var auctionId = await photos.App.CreateLiveAuctionAsync(seller);
        var id = (await (await seller.Client.UploadAsync(auctionId, ("a.jpg", TestImages.Jpeg(800, 600, 51)))).UploadedIdsAsync()).Single();
        var original = Assert.Single(photos.StoredFiles("originals"));
        await File.WriteAllBytesAsync(original, TestImages.TruncatedJpeg(), TestContext.Current.CancellationToken); // the disk went bad

        await photos.ProcessQueueAsync();

        var mine = Assert.Single(await seller.Client.PhotosAsync(auctionId))!;
        Assert.Equal("failed", mine["status"]!.GetValue<string>());
        Assert.Contains("could not be decoded", mine["failureReason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await photos.App.Anonymous().PhotosAsync(auctionId));
        Assert.Equal(ImageStatus.Failed, await photos.App.WithDbAsync(db => db.AuctionImages.Where(i => i.Id == id).Select(i => i.Status).SingleAsync()));
    }

    [Fact]
    public async Task TheSellerGetsFriendlyTipsAndBuyersDoNot()
    {
        await using var photos = await PhotoApp.StartAsync(Provider);
        var seller = await photos.App.CreateUserAsync();
        var auctionId = await photos.App.CreateLiveAuctionAsync(seller);
        using var blurry = TestImages.Photo(1600, 1200, seed: 61).Gaussblur(8);
        await (await seller.Client.UploadAsync(auctionId, ("shaky.jpg", blurry.JpegsaveBuffer()), ("tiny.jpg", TestImages.Jpeg(600, 450, 62)))).UploadedIdsAsync();
        await photos.ProcessQueueAsync();

        var mine = await seller.Client.PhotosAsync(auctionId);
        Assert.Contains(mine[0]!["tips"]!.AsArray(), t => t!["code"]!.GetValue<string>() == "blurry");
        Assert.Contains(mine[1]!["tips"]!.AsArray(), t => t!["code"]!.GetValue<string>() == "low_resolution");
        Assert.All(await photos.App.Anonymous().PhotosAsync(auctionId), p => Assert.Null(p!["tips"]));
    }

    [Fact]
    public async Task TheBackgroundWorkerProcessesAnUploadWithoutBeingAsked()
    {
        await using var photos = await PhotoApp.StartAsync(Provider, s => s["Images:WorkerEnabled"] = "true");
        var seller = await photos.App.CreateUserAsync();
        var auctionId = await photos.App.CreateLiveAuctionAsync(seller);
        await (await seller.Client.UploadAsync(auctionId, ("a.jpg", TestImages.Jpeg(1200, 900, 71)))).UploadedIdsAsync();

        // The upload wakes the worker; the fake clock never advances, so no poll interval can be what woke it.
        var status = "processing";
        for (var i = 0; i < 300 && status == "processing"; i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            status = (await seller.Client.PhotosAsync(auctionId))[0]!["status"]!.GetValue<string>();
        }

        Assert.Equal("ready", status);
    }

    private static async Task<List<Guid>> OrderAsync(TestUser seller, Guid auctionId) =>
        [.. (await seller.Client.PhotosAsync(auctionId)).Select(p => p!["id"]!.GetValue<Guid>())];
}

public sealed class SqliteImagesApiTests : ImagesApiTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresImagesApiTests : ImagesApiTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

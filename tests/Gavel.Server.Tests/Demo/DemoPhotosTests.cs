using Gavel.Core.Data;
using Gavel.Core.Images;
using Gavel.Images;
using Gavel.Server.Demo;
using Gavel.Server.Tests.Images;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Tests.Demo;

/// <summary>The seeded photos are made in code; they must pass the upload rules and look like distinct, decent photos.</summary>
public sealed class DemoPhotosTests
{
    [Fact]
    public void EveryDemoPhotoPassesTheUploadChecksAndNoTwoLookAlike()
    {
        var limits = new ImagesOptions();
        var hashes = new List<(int Item, int Shot, ulong Hash)>();
        for (var item = 0; item < DemoCatalog.Items.Length; item++)
        {
            for (var shot = 0; shot < DemoPhotos.ShotsFor(item); shot++)
            {
                var jpeg = DemoPhotos.Render(DemoCatalog.Items[item].Title, item, shot);
                if (Environment.GetEnvironmentVariable("GAVEL_DEMO_PHOTOS") is { Length: > 0 } folder)
                {
                    File.WriteAllBytes(Path.Combine(folder, $"demo-{item:00}-{shot}.jpg"), jpeg);
                }

                var inspected = ImageInspector.Inspect(jpeg, limits);
                Assert.Equal((DemoPhotos.Width, DemoPhotos.Height), (inspected.Width, inspected.Height));
                hashes.Add((item, shot, inspected.Hash)); // their quality tips are checked after real processing, below
            }
        }

        foreach (var a in hashes)
        {
            foreach (var b in hashes.Where(b => (b.Item, b.Shot).CompareTo((a.Item, a.Shot)) > 0))
            {
                var distance = PerceptualHash.Distance(a.Hash, b.Hash);
                var limit = a.Item == b.Item ? limits.DuplicateDistance : limits.ReuseFlagDistance;
                Assert.True(distance > limit, $"Item {a.Item} shot {a.Shot} and item {b.Item} shot {b.Shot} are {distance} bits apart.");
            }
        }
    }
}

/// <summary>The demo seed queues its photos like any upload, and the real processor makes them ready.</summary>
public sealed class DemoSeedPhotosTests
{
    [Fact]
    public async Task EveryDemoListingGetsItsPhotosThroughTheQueueAndBuyersSeeThemOnceProcessed()
    {
        await using var photos = await PhotoApp.StartAsync(DatabaseProvider.Sqlite, s =>
        {
            s["Demo:Seed"] = "true";
            s["Demo:Password"] = "a demo password of this test's own";
            s["Pricing:TrainOnStartup"] = "false";
            s["Pricing:ShillScanEnabled"] = "false";
        });
        var titles = DemoCatalog.Items.Select(i => i.Title).ToHashSet();
        var queued = await photos.App.WithDbAsync(db => db.AuctionImages
            .Join(db.Auctions, i => i.AuctionId, a => a.Id, (i, a) => new { a.Title, i.Status, i.Position })
            .ToListAsync());
        Assert.All(queued, q => Assert.Equal(ImageStatus.Processing, q.Status)); // queued at seed time, not processed there
        Assert.Equal(DemoCatalog.Items.Select((_, i) => DemoPhotos.ShotsFor(i)).Sum(), queued.Count);
        Assert.Equal(titles, queued.Select(q => q.Title).ToHashSet());

        Assert.Equal(queued.Count, await photos.ProcessQueueAsync());

        Assert.Equal(0, await photos.App.WithDbAsync(db => db.AuctionImages.CountAsync(i => i.Status != ImageStatus.Ready)));
        Assert.Equal(0, await photos.App.WithDbAsync(db => db.ImageFlags.CountAsync())); // no demo photo looks like another seller's
        var leica = await photos.App.WithDbAsync(db => db.AuctionImages.Select(i => i.AuctionId).Distinct()
            .Where(id => db.Auctions.Any(a => a.Id == id && a.Title == DemoCatalog.Items[0].Title)).SingleAsync());
        var gallery = await photos.App.Anonymous().PhotosAsync(leica);
        Assert.Equal(DemoPhotos.ShotsFor(0), gallery.Count);
        var processed = await photos.App.WithDbAsync(db => db.AuctionImages.ToListAsync());
        Assert.All(processed, p => Assert.Empty(Features.Images.ImageMapping.Quality(p)!.Tips)); // and none draws a tip for the seller
    }
}

using Gavel.Images;
using Gavel.Server.Demo;

namespace Gavel.Server.Tests.Demo;

/// <summary>The seeded photos are made in code; they must pass the upload rules and look like distinct, decent photos.</summary>
public sealed class DemoPhotosTests
{
    [Fact]
    public void EveryDemoPhotoPassesTheUploadChecksWithNoTipsAndNoTwoLookAlike()
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
                hashes.Add((item, shot, inspected.Hash));
                var processed = ImagePipeline.Process(jpeg);
                Assert.True(processed.Quality.Tips.Count == 0, $"Item {item} shot {shot}: {string.Join("; ", processed.Quality.Tips.Select(t => t.Code))} ({processed.Quality})");
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

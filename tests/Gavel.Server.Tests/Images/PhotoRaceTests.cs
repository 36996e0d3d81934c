using System.Collections.Concurrent;
using System.Net;
using Gavel.Core.Data;
using Gavel.Core.Images;
using Gavel.Images.Storage;
using Gavel.Images.Tests.Support;
using Gavel.Server.Features.Images;
using Gavel.Server.Features.Live;
using Gavel.Server.Tests.Infrastructure;
using Gavel.Server.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gavel.Server.Tests.Images;

/// <summary>
/// Two servers' workers on one photo (the first one's claim ran out while it was still working), or a worker and the
/// seller: whoever changes the photo's status first wins, and nobody undoes or repeats it. A worker is paused halfway,
/// after its claim and before it stores the sizes, by <see cref="PausingStorage"/> around the real photo folder.
/// </summary>
public abstract class PhotoRaceTests
{
    private static readonly TimeSpan PastTheClaim = TimeSpan.FromMinutes(3); // Images:ClaimTimeout is 2 minutes

    protected abstract DatabaseProvider Provider { get; }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TwoWorkersOnOnePhotoLeaveExactlyOneReadyPhotoWithItsFilesAndFlags(bool bothFinishTogether)
    {
        await using var nodeA = await PhotoApp.StartAsync(Provider);
        await using var nodeB = await nodeA.StartAnotherServerAsync();
        var (_, id, seller) = await ListingWithAReusedPhotoAsync(nodeA);
        var ready = new[] { Ready(nodeA, seller.Id), Ready(nodeB, seller.Id) };

        var workerA = PausedWorker(nodeA);
        var runA = workerA.Processor.RunOnceAsync(TestContext.Current.CancellationToken);
        await workerA.Storage.ReachedAsync();

        // Node B's clock says worker A's claim has run out, so B takes the photo again.
        nodeB.App.Clock.SetUtcNow(nodeA.App.Clock.GetUtcNow() + PastTheClaim);
        if (bothFinishTogether)
        {
            var workerB = PausedWorker(nodeB);
            var runB = workerB.Processor.RunOnceAsync(TestContext.Current.CancellationToken);
            await workerB.Storage.ReachedAsync();
            workerA.Storage.Release();
            workerB.Storage.Release();
            var taken = await Task.WhenAll(runA, runB);
            Assert.Equal([1, 1], taken);
        }
        else
        {
            Assert.Equal(1, await nodeB.ProcessQueueAsync()); // B finishes first
            workerA.Storage.Release();
            Assert.Equal(1, await runA);
        }

        var row = await nodeA.App.WithDbAsync(db => db.AuctionImages.AsNoTracking().SingleAsync(i => i.Id == id));
        Assert.Equal(ImageStatus.Ready, row.Status);
        Assert.Equal(1, await nodeA.App.WithDbAsync(db => db.ImageFlags.CountAsync(f => f.ImageId == id)));

        // Both workers wrote the same sizes under the same names: the loser must not delete the winner's files.
        var files = ImageMapping.Variants(row.VariantsJson).Select(v => Path.Combine(nodeA.StoragePath, ImageKeys.Variant(v.File))).Order().ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.True(File.Exists(f), $"{f} is referenced by the ready photo but is missing."));
        Assert.Equal(files, nodeA.StoredFiles("variants").Where(f => Path.GetFileName(f).StartsWith($"{id:N}_", StringComparison.Ordinal)).Order());
        Assert.Equal(HttpStatusCode.OK, (await nodeA.App.Anonymous().GetAsync(CoverPhotos.Thumbnail(row.VariantsJson)!.Jpeg)).StatusCode);

        await EventuallyAsync(() => ready.Sum(r => r.Count(u => u.ImageId == id)) >= 1);
        await Task.Delay(300, TestContext.Current.CancellationToken); // room for a second "ready" to show
        Assert.Equal(1, ready.Sum(r => r.Count(u => u.ImageId == id)));
    }

    [Fact]
    public async Task APhotoFailedAfterItsLastAttemptIsNotMadeReadyByALateWorker()
    {
        await using var nodeA = await PhotoApp.StartAsync(Provider);
        await using var nodeB = await nodeA.StartAnotherServerAsync();
        var (_, id, seller) = await ListingWithAReusedPhotoAsync(nodeA);
        var ready = new[] { Ready(nodeA, seller.Id), Ready(nodeB, seller.Id) };
        var workerA = PausedWorker(nodeA);
        var runA = workerA.Processor.RunOnceAsync(TestContext.Current.CancellationToken);
        await workerA.Storage.ReachedAsync();

        // That was its last attempt; node B sees the claim run out and fails the photo.
        await nodeA.App.WithDbAsync(db => db.AuctionImages.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Attempts, 3)));
        nodeB.App.Clock.SetUtcNow(nodeA.App.Clock.GetUtcNow() + PastTheClaim);
        Assert.Equal(0, await nodeB.ProcessQueueAsync());
        workerA.Storage.Release();
        Assert.Equal(1, await runA);

        var row = await nodeA.App.WithDbAsync(db => db.AuctionImages.AsNoTracking().SingleAsync(i => i.Id == id));
        Assert.Equal((ImageStatus.Failed, null), (row.Status, row.VariantsJson));
        Assert.Contains("after 3 attempts", row.FailureReason, StringComparison.Ordinal);
        Assert.Equal(0, await nodeA.App.WithDbAsync(db => db.ImageFlags.CountAsync(f => f.ImageId == id)));
        Assert.DoesNotContain(nodeA.StoredFiles("variants"), f => Path.GetFileName(f).StartsWith($"{id:N}_", StringComparison.Ordinal));
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Equal(0, ready.Sum(r => r.Count(u => u.ImageId == id)));
    }

    [Fact]
    public async Task APhotoDeletedByItsSellerWhileProcessingStaysDeleted()
    {
        await using var photos = await PhotoApp.StartAsync(Provider);
        var (auctionId, id, seller) = await ListingWithAReusedPhotoAsync(photos);
        var ready = Ready(photos, seller.Id);
        var worker = PausedWorker(photos);
        var run = worker.Processor.RunOnceAsync(TestContext.Current.CancellationToken);
        await worker.Storage.ReachedAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await seller.Client.DeleteAsync($"/api/auctions/{auctionId}/images/{id}", TestContext.Current.CancellationToken)).StatusCode);
        worker.Storage.Release();
        Assert.Equal(1, await run);

        Assert.False(await photos.App.WithDbAsync(db => db.AuctionImages.AnyAsync(i => i.Id == id)));
        Assert.Equal(0, await photos.App.WithDbAsync(db => db.ImageFlags.CountAsync(f => f.ImageId == id)));
        Assert.Empty(await seller.Client.PhotosAsync(auctionId));
        Assert.DoesNotContain(photos.StoredFiles("variants"), f => Path.GetFileName(f).StartsWith($"{id:N}_", StringComparison.Ordinal));
        Assert.DoesNotContain(photos.StoredFiles("originals"), f => Path.GetFileName(f).StartsWith($"{id:N}", StringComparison.Ordinal));
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(ready, u => u.ImageId == id);
    }

    /// <summary>
    /// Another seller's ready photo, then the same picture queued on the seller's listing: finishing it adds one reuse
    /// flag, so a second finish would show as a second flag.
    /// </summary>
    private static async Task<(Guid AuctionId, Guid ImageId, TestUser Seller)> ListingWithAReusedPhotoAsync(PhotoApp photos)
    {
        var picture = TestImages.Jpeg(900, 600, 63);
        var other = await photos.App.CreateUserAsync();
        var otherAuction = await photos.App.CreateLiveAuctionAsync(other);
        await (await other.Client.UploadAsync(otherAuction, ("theirs.jpg", picture))).UploadedIdsAsync();
        Assert.Equal(1, await photos.ProcessQueueAsync());

        var seller = await photos.App.CreateUserAsync();
        var auctionId = await photos.App.CreateLiveAuctionAsync(seller);
        var id = (await (await seller.Client.UploadAsync(auctionId, ("mine.jpg", picture))).UploadedIdsAsync()).Single();
        return (auctionId, id, seller);
    }

    /// <summary>A real processor of <paramref name="node"/> whose photo folder holds its first write until released.</summary>
    private static (ImageProcessor Processor, PausingStorage Storage) PausedWorker(PhotoApp node)
    {
        var storage = new PausingStorage(node.App.Services.GetRequiredService<IImageStorage>());
        return (ActivatorUtilities.CreateInstance<ImageProcessor>(node.App.Services, storage), storage);
    }

    /// <summary>The "ready" photo statuses the node's in-process feed delivers to the seller.</summary>
    private static ConcurrentQueue<PhotoUpdate> Ready(PhotoApp node, Guid sellerId)
    {
        var heard = new ConcurrentQueue<PhotoUpdate>();
        node.App.Services.GetRequiredService<LiveFeed>().FollowUser(sellerId, e =>
        {
            if (e is PhotoChanged { Update.Status: "ready" } changed)
            {
                heard.Enqueue(changed.Update);
            }

            return Task.CompletedTask;
        });
        return heard;
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        for (var i = 0; i < 250 && !condition(); i++)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), "Not within 5 seconds.");
    }
}

public sealed class SqlitePhotoRaceTests : PhotoRaceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresPhotoRaceTests : PhotoRaceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

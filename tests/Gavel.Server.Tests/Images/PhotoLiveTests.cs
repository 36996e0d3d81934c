using System.Net;
using Gavel.Core.Data;
using Gavel.Images.Tests.Support;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Tests.Images;

/// <summary>The seller watches a photo's processing live over /hubs/live; nobody else hears of it.</summary>
public abstract class PhotoLiveTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Theory]
    [InlineData(HttpTransportType.WebSockets, false)]
    [InlineData(HttpTransportType.LongPolling, true)]
    public async Task TheSellersConnectionHearsItsPhotoQueuedThenReadyWithTipsAndAnotherUsersDoesNot(HttpTransportType transport, bool messagePack)
    {
        await using var photos = await PhotoApp.StartAsync(Provider);
        var seller = await photos.App.CreateUserAsync();
        var other = await photos.App.CreateUserAsync();
        var auctionId = await photos.App.CreateLiveAuctionAsync(seller);
        await using var sellerLive = await LiveClient.ConnectAsync(photos.App, seller, transport, messagePack);
        await using var otherLive = await LiveClient.ConnectAsync(photos.App, other, transport, messagePack);
        await using var anonymous = await LiveClient.ConnectAsync(photos.App, transport: transport, messagePack: messagePack);
        await anonymous.FollowAsync(auctionId); // following the auction is not the same as being its seller

        var id = (await (await seller.Client.UploadAsync(auctionId, ("tiny.jpg", TestImages.Jpeg(600, 450, 81)))).UploadedIdsAsync()).Single();
        var queued = await sellerLive.NextPhotoUpdateAsync();
        Assert.Equal((auctionId, id, "processing"), (queued.AuctionId, queued.ImageId, queued.Status));
        Assert.Null(queued.Thumbnail);

        Assert.Equal(1, await photos.ProcessQueueAsync());
        var ready = await sellerLive.NextPhotoUpdateAsync();
        Assert.Equal((auctionId, id, "ready"), (ready.AuctionId, ready.ImageId, ready.Status));
        Assert.Null(ready.FailureReason);
        Assert.Contains(ready.Tips, t => t.Code == "low_resolution" && t.Message.Length > 0);
        Assert.StartsWith("/images/", ready.Thumbnail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await photos.App.Anonymous().GetAsync(ready.Thumbnail)).StatusCode);

        // Each push leaves with its commit, so by now anything meant for the others would have been sent too.
        foreach (var connection in new[] { sellerLive, otherLive, anonymous })
        {
            await connection.FollowAsync(auctionId); // a round trip: whatever was sent before it has arrived
        }

        Assert.Empty(sellerLive.DrainPhotoUpdates());
        Assert.Empty(otherLive.DrainPhotoUpdates());
        Assert.Empty(anonymous.DrainPhotoUpdates());
    }

    [Fact]
    public async Task AFailedPhotoIsPushedWithItsReasonAndARefusedUploadPushesNothing()
    {
        await using var photos = await PhotoApp.StartAsync(Provider);
        var seller = await photos.App.CreateUserAsync();
        var auctionId = await photos.App.CreateLiveAuctionAsync(seller);
        await using var sellerLive = await LiveClient.ConnectAsync(photos.App, seller);

        var id = (await (await seller.Client.UploadAsync(auctionId, ("a.jpg", TestImages.Jpeg(800, 600, 82)))).UploadedIdsAsync()).Single();
        Assert.Equal("processing", (await sellerLive.NextPhotoUpdateAsync()).Status);
        await File.WriteAllBytesAsync(Assert.Single(photos.StoredFiles("originals")), TestImages.TruncatedJpeg(), TestContext.Current.CancellationToken);

        await photos.ProcessQueueAsync();

        var failed = await sellerLive.NextPhotoUpdateAsync();
        Assert.Equal((id, "failed"), (failed.ImageId, failed.Status));
        Assert.Contains("could not be decoded", failed.FailureReason, StringComparison.Ordinal);
        Assert.Empty(failed.Tips);

        // Refused as a whole inside the transaction (the second file is the first again): nothing committed, nothing pushed.
        var photo = TestImages.Jpeg(800, 600, 83);
        await ProblemAssert.IsProblemAsync(
            await seller.Client.UploadAsync(auctionId, ("b.jpg", TestImages.Jpeg(900, 600, 84)), ("c.jpg", photo), ("c-again.jpg", photo)), HttpStatusCode.Conflict, "duplicate_photo");
        await sellerLive.FollowAsync(auctionId);
        Assert.Empty(sellerLive.DrainPhotoUpdates());
    }

    [Fact]
    public async Task APhotoThatKeptKillingItsWorkerIsPushedAsFailed()
    {
        await using var photos = await PhotoApp.StartAsync(Provider);
        var seller = await photos.App.CreateUserAsync();
        var auctionId = await photos.App.CreateLiveAuctionAsync(seller);
        await using var sellerLive = await LiveClient.ConnectAsync(photos.App, seller);
        var id = (await (await seller.Client.UploadAsync(auctionId, ("a.jpg", TestImages.Jpeg(800, 600, 85)))).UploadedIdsAsync()).Single();
        Assert.Equal("processing", (await sellerLive.NextPhotoUpdateAsync()).Status);

        // Every attempt "crashed" with its worker: the last claim ran out with no attempt left.
        var expired = photos.App.Clock.GetUtcNow().AddSeconds(-1);
        await photos.App.WithDbAsync(db => db.AuctionImages.Where(i => i.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ClaimedUntil, expired).SetProperty(i => i.Attempts, 3)));

        Assert.Equal(0, await photos.ProcessQueueAsync());

        var failed = await sellerLive.NextPhotoUpdateAsync();
        Assert.Equal((id, "failed"), (failed.ImageId, failed.Status));
        Assert.Contains("after 3 attempts", failed.FailureReason, StringComparison.Ordinal);
    }
}

public sealed class SqlitePhotoLiveTests : PhotoLiveTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresPhotoLiveTests : PhotoLiveTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gavel.Core.Data;
using Gavel.Images.Tests.Support;
using Gavel.Server.Tests.Images;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Tests.Platform;

/// <summary>
/// An attacker with an ordinary account walks every endpoint that takes an id with ids that belong to someone else.
/// A draft does not exist to anyone but its seller (404); a published listing is readable but not theirs to change
/// (403). Whatever the answer, the database is exactly as it was.
/// </summary>
public abstract class ObjectAccessTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task EveryEndpointTreatsSomeoneElsesDraftAsMissingAndChangesNothing()
    {
        await using var photos = await PhotoApp.StartAsync(Provider);
        var app = photos.App;
        var owner = await app.CreateUserAsync();
        var attacker = await app.CreateUserAsync(deposit: 500m);
        var draft = await photos.CreateDraftAsync(owner);
        var image = Assert.Single(await (await owner.Client.UploadAsync(draft, ("a.jpg", TestImages.Jpeg(800, 600)))).UploadedIdsAsync());
        var before = await SnapshotAsync(app, draft);

        var answers = await AttackAsync(attacker.Client, draft, image);

        foreach (var (what, response) in answers)
        {
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{what} on someone else's draft answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        }

        Assert.Equal(before, await SnapshotAsync(app, draft));
    }

    [Fact]
    public async Task EveryChangeToSomeoneElsesScheduledListingIsForbiddenAndChangesNothing()
    {
        await using var photos = await PhotoApp.StartAsync(Provider);
        var app = photos.App;
        var owner = await app.CreateUserAsync();
        var attacker = await app.CreateUserAsync(deposit: 500m);
        var scheduled = await app.CreateScheduledAuctionAsync(owner, startsIn: TimeSpan.FromHours(1));
        var image = Assert.Single(await (await owner.Client.UploadAsync(scheduled, ("a.jpg", TestImages.Jpeg(800, 600)))).UploadedIdsAsync());
        await photos.ProcessQueueAsync();
        var watcher = await app.CreateUserAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await watcher.Client.PutAsync($"/api/watchlist/{scheduled}", null)).StatusCode);
        var before = await SnapshotAsync(app, scheduled);

        var changes = await ChangesAsync(attacker.Client, scheduled, image);

        // Unwatching only ever touches the caller's own list: the watcher's entry stays (compared below).
        Assert.Equal(HttpStatusCode.NoContent, (await attacker.Client.DeleteAsync($"/api/watchlist/{scheduled}")).StatusCode);

        foreach (var (what, response) in changes)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{what} on someone else's listing answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        }

        Assert.Equal(before, await SnapshotAsync(app, scheduled));
    }

    /// <summary>Every request an id-taking endpoint accepts, aimed at <paramref name="auction"/> and its photo.</summary>
    private static async Task<List<(string What, HttpResponseMessage Response)>> AttackAsync(HttpClient client, Guid auction, Guid image)
    {
        var answers = new List<(string, HttpResponseMessage)>
        {
            ("GET detail", await client.GetAsync($"/api/auctions/{auction}")),
            ("GET images", await client.GetAsync($"/api/auctions/{auction}/images")),
            ("GET forecast", await client.GetAsync($"/api/auctions/{auction}/forecast")),
            ("GET bids", await client.GetAsync($"/api/auctions/{auction}/bids")),
            ("POST bids", await client.PostAsJsonAsync($"/api/auctions/{auction}/bids", new { maxAmount = 50m })),
            ("POST buy-now", await client.PostAsync($"/api/auctions/{auction}/buy-now", null)),
            ("PUT watchlist", await client.PutAsync($"/api/watchlist/{auction}", null)),
        };
        answers.AddRange(await ChangesAsync(client, auction, image));
        return answers;
    }

    /// <summary>The seller's own changes to a listing, as a stranger would send them.</summary>
    private static async Task<List<(string What, HttpResponseMessage Response)>> ChangesAsync(HttpClient client, Guid auction, Guid image) =>
    [
        ("PATCH", await client.PatchAsJsonAsync($"/api/auctions/{auction}", new { title = "Hijacked title", reservePrice = 1m })),
        ("POST publish", await client.PostAsync($"/api/auctions/{auction}/publish", null)),
        ("POST cancel", await client.PostAsJsonAsync($"/api/auctions/{auction}/cancel", new { reason = "mine now" })),
        ("POST images", await client.UploadAsync(auction, ("b.jpg", TestImages.Jpeg(640, 480, seed: 7)))),
        ("PUT images/order", await client.PutAsJsonAsync($"/api/auctions/{auction}/images/order", new { imageIds = new[] { image } })),
        ("POST images/cover", await client.PostAsync($"/api/auctions/{auction}/images/{image}/cover", null)),
        ("DELETE image", await client.DeleteAsync($"/api/auctions/{auction}/images/{image}")),
    ];

    /// <summary>Everything a request about the auction could have changed, as text to compare.</summary>
    internal static Task<string> SnapshotAsync(GavelApp app, Guid auctionId) => app.WithDbAsync(async db =>
    {
        var auction = await db.Auctions.AsNoTracking().Where(a => a.Id == auctionId).Select(a => new
        {
            a.Title, a.Description, a.Status, a.SellerId, a.StartingPrice, a.ReservePrice, a.BuyNowPrice, a.StartsAt, a.EndsAt,
            a.CurrentPrice, a.BidCount, a.LastSequence, a.LeaderId, a.EndedAt,
        }).SingleAsync();
        var images = await db.AuctionImages.AsNoTracking().Where(i => i.AuctionId == auctionId).OrderBy(i => i.Id)
            .Select(i => new { i.Id, i.Position, i.Status }).ToListAsync();
        var bids = await db.Bids.CountAsync(b => b.AuctionId == auctionId);
        var watchers = await db.Watchlist.CountAsync(w => w.AuctionId == auctionId);
        var holds = await db.Wallets.AsNoTracking().OrderBy(w => w.UserId).Select(w => new { w.UserId, w.Available, w.Held }).ToListAsync();
        var notifications = await db.Notifications.CountAsync();
        return JsonSerializer.Serialize(new { auction, images, bids, watchers, holds, notifications });
    });
}

public sealed class SqliteObjectAccessTests : ObjectAccessTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresObjectAccessTests : ObjectAccessTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

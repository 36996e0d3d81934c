using System.Net;
using System.Net.Http.Json;
using Gavel.Core.Data;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Tests.Auctions;

public abstract class AuctionsApiTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task SearchFiltersSortsAndPages()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 1000m);
        var camera = await app.CreateLiveAuctionAsync(seller, startingPrice: 100m, title: "Leica camera body", duration: TimeSpan.FromHours(3));
        var lens = await app.CreateLiveAuctionAsync(seller, startingPrice: 40m, title: "Camera lens 50mm", duration: TimeSpan.FromHours(1));
        var guitar = await app.CreateLiveAuctionAsync(seller, startingPrice: 300m, title: "Electric guitar", duration: TimeSpan.FromHours(2));
        await bidder.BidAsync(lens, 60m);
        await bidder.BidAsync(lens, 70m);

        var anonymous = app.Anonymous();
        Assert.Equal([lens, camera], Ids(await anonymous.GetJsonAsync("/api/auctions?q=CAMERA")));
        Assert.Equal([lens, guitar, camera], Ids(await anonymous.GetJsonAsync("/api/auctions?sort=endingSoon")));
        Assert.Equal([guitar, camera, lens], Ids(await anonymous.GetJsonAsync("/api/auctions?sort=priceDesc")));
        Assert.Equal([lens, camera, guitar], Ids(await anonymous.GetJsonAsync("/api/auctions?sort=priceAsc")));
        Assert.Equal(lens, Ids(await anonymous.GetJsonAsync("/api/auctions?sort=bidCount"))[0]);
        Assert.Equal([camera], Ids(await anonymous.GetJsonAsync("/api/auctions?minPrice=50&maxPrice=150")));

        var page = await anonymous.GetJsonAsync("/api/auctions?sort=priceAsc&page=2&pageSize=2");
        Assert.Equal([guitar], Ids(page));
        Assert.Equal(3, page["totalCount"]!.GetValue<int>());
        Assert.Equal(2, page["page"]!.GetValue<int>());
        Assert.Equal(2, page["pageSize"]!.GetValue<int>());
        Assert.Empty(Ids(await anonymous.GetJsonAsync("/api/auctions?q=100%25_off")));
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/auctions?sort=cheapest"), HttpStatusCode.BadRequest, "invalid_request");
        var crossed = await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/auctions?minPrice=150&maxPrice=50"), HttpStatusCode.BadRequest, "invalid_request");
        Assert.NotNull(crossed["errors"]!["minPrice"]);
    }

    [Fact]
    public async Task CategorySearchIncludesSubCategories()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var tree = await (await app.Anonymous().GetAsync("/api/categories")).Content.ReadAsStringAsync();
        var electronics = await app.WithDbAsync(db => db.Categories.SingleAsync(c => c.Slug == "electronics"));
        var phones = await app.WithDbAsync(db => db.Categories.SingleAsync(c => c.Slug == "phones"));
        var response = await seller.Client.PostAsJsonAsync("/api/auctions", new
        {
            title = "Phone", description = "A phone", categoryId = phones.Id, startingPrice = 10m, endsAt = app.Clock.GetUtcNow().AddHours(1),
        });
        var id = (await response.ReadJsonAsync())["id"]!.GetValue<Guid>();
        await seller.Client.PostAsync($"/api/auctions/{id}/publish", null);

        Assert.Contains("Phones", tree, StringComparison.Ordinal);
        Assert.Equal([id], Ids(await app.Anonymous().GetJsonAsync($"/api/auctions?categoryId={electronics.Id}")));
    }

    [Fact]
    public async Task ASellerCannotChangePricesOnceABidExists()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 100m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m);

        var before = await seller.Client.PatchAsJsonAsync($"/api/auctions/{auctionId}", new { startingPrice = 12m, title = "Better title" });
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await bidder.BidAsync(auctionId, 20m);

        await ProblemAssert.IsProblemAsync(
            await seller.Client.PatchAsJsonAsync($"/api/auctions/{auctionId}", new { reservePrice = 50m }), HttpStatusCode.Conflict, "auction_has_bids");
        await ProblemAssert.IsProblemAsync(
            await bidder.Client.PatchAsJsonAsync($"/api/auctions/{auctionId}", new { title = "Mine now" }), HttpStatusCode.Forbidden);
        var auction = await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}");
        Assert.Equal("Better title", auction["title"]!.GetValue<string>());
        Assert.Equal(12m, auction.Decimal("startingPrice"));
        Assert.False(auction["hasReserve"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AFutureStartSchedulesTheAuctionAndTheCloserStartsIt()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 100m);
        var categoryId = await app.WithDbAsync(db => db.Categories.Select(c => c.Id).FirstAsync());
        var created = await (await seller.Client.PostAsJsonAsync("/api/auctions", new
        {
            title = "Later", description = "Starts later", categoryId, startingPrice = 10m,
            startsAt = app.Clock.GetUtcNow().AddMinutes(10), endsAt = app.Clock.GetUtcNow().AddHours(2),
        })).ReadJsonAsync();
        var id = created["id"]!.GetValue<Guid>();

        var published = await (await seller.Client.PostAsync($"/api/auctions/{id}/publish", null)).ReadJsonAsync();
        Assert.Equal("scheduled", published["status"]!.GetValue<string>());
        await ProblemAssert.IsProblemAsync(await bidder.BidAsync(id, 10m), HttpStatusCode.Conflict, "auction_not_live");

        app.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.Created, (await bidder.BidAsync(id, 10m)).StatusCode);
        Assert.Equal("live", (await app.Anonymous().GetJsonAsync($"/api/auctions/{id}"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task DescriptionsAreSanitised()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var categoryId = await app.WithDbAsync(db => db.Categories.Select(c => c.Id).FirstAsync());

        var created = await (await seller.Client.PostAsJsonAsync("/api/auctions", new
        {
            title = "Safe item", categoryId, startingPrice = 10m, endsAt = app.Clock.GetUtcNow().AddHours(2),
            description = "<p>Nice <strong>lamp</strong><script>alert(1)</script><img src=x onerror=alert(2)></p>",
        })).ReadJsonAsync();

        Assert.Equal("<p>Nice <strong>lamp</strong></p>", created["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task WatchlistAddsOnceListsAndRemoves()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var watcher = await app.CreateUserAsync();
        var auctionId = await app.CreateLiveAuctionAsync(seller);

        Assert.Equal(HttpStatusCode.NoContent, (await watcher.Client.PutAsync($"/api/watchlist/{auctionId}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await watcher.Client.PutAsync($"/api/watchlist/{auctionId}", null)).StatusCode);
        Assert.Equal([auctionId], Ids(await watcher.Client.GetJsonAsync("/api/watchlist")));
        Assert.Empty(Ids(await seller.Client.GetJsonAsync("/api/watchlist")));
        await ProblemAssert.IsProblemAsync(await watcher.Client.PutAsync($"/api/watchlist/{Guid.NewGuid()}", null), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await watcher.Client.DeleteAsync($"/api/watchlist/{auctionId}")).StatusCode);
        Assert.Empty(Ids(await watcher.Client.GetJsonAsync("/api/watchlist")));
    }

    [Fact]
    public async Task MyListingsAndMyBidsShowWhereTheCallerStands()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var alice = await app.CreateUserAsync(deposit: 100m);
        var bob = await app.CreateUserAsync(deposit: 100m);
        var auctionId = await app.CreateLiveAuctionAsync(seller);
        await alice.BidAsync(auctionId, 20m);
        await bob.BidAsync(auctionId, 30m);

        Assert.Equal([auctionId], Ids(await seller.Client.GetJsonAsync("/api/me/auctions")));
        var aliceBids = (await alice.Client.GetJsonAsync("/api/me/bids"))["items"]!.AsArray();
        Assert.Equal("outbid", aliceBids.Single()!["standing"]!.GetValue<string>());
        var bobBids = (await bob.Client.GetJsonAsync("/api/me/bids"))["items"]!.AsArray();
        Assert.Equal("leading", bobBids.Single()!["standing"]!.GetValue<string>());
        Assert.Equal(30m, bobBids.Single()!["yourMaxBid"]!.GetValue<decimal>());
    }

    /// <summary>
    /// Soft close extends a contested end by at most 30 minutes past the scheduled end. A seller's edit of a live
    /// listing (a title, here) used to move the scheduled end to the extended one, raising that cap each time, so a
    /// seller editing between late bids kept an auction open for as long as they liked.
    /// </summary>
    [Fact]
    public async Task EditingALiveListingNeitherMovesItsScheduledEndNorLiftsTheExtensionCap()
    {
        // The test's clock runs for at most 50 minutes: its tokens must outlive that.
        await using var app = await GavelApp.StartAsync(Provider, s => s["Auth:AccessTokenLifetime"] = "01:00:00");
        var seller = await app.CreateUserAsync();
        var alice = await app.CreateUserAsync(deposit: 1000m);
        var bob = await app.CreateUserAsync(deposit: 1000m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, duration: TimeSpan.FromMinutes(10), softCloseMinutes: 2);
        var scheduledEnd = app.Clock.GetUtcNow() + TimeSpan.FromMinutes(10);
        var cap = scheduledEnd + TimeSpan.FromMinutes(30);
        var endsAt = scheduledEnd;
        var max = 20m;
        var description = "A well kept item.";

        for (var round = 0; round < 25 && endsAt > app.Clock.GetUtcNow() + TimeSpan.FromSeconds(30); round++)
        {
            app.Clock.SetUtcNow(endsAt - TimeSpan.FromSeconds(30));
            var bidder = round % 2 == 0 ? alice : bob;
            Assert.Equal(HttpStatusCode.Created, (await bidder.BidAsync(auctionId, max += 5m)).StatusCode);
            // With bids the item is locked, but the seller may still add to the description: an edit all the same.
            description += $" Update {round}.";
            Assert.Equal(HttpStatusCode.OK, (await seller.Client.PatchAsJsonAsync($"/api/auctions/{auctionId}", new { description })).StatusCode);
            endsAt = (await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}"))["endsAt"]!.GetValue<DateTimeOffset>();
        }

        var auction = await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}");
        Assert.Equal(scheduledEnd, auction["scheduledEndsAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(cap, auction["endsAt"]!.GetValue<DateTimeOffset>());
    }

    private static List<Guid> Ids(System.Text.Json.Nodes.JsonObject page) =>
        [.. page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>())];

    [Fact]
    public async Task ADraftCancelledBeforePublishingStaysTheSellersAloneWhileACancelledListingStaysPublic()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var stranger = await app.CreateUserAsync(deposit: 100m);
        var admin = await app.CreateUserAsync(admin: true);
        var categoryId = await app.WithDbAsync(db => db.Categories.Select(c => c.Id).FirstAsync());
        var created = await (await seller.Client.PostAsJsonAsync("/api/auctions", new
        {
            title = "Unannounced prototype", description = "Never meant to be seen", categoryId, startingPrice = 5m,
            endsAt = app.Clock.GetUtcNow().AddHours(1),
        })).ReadJsonAsync();
        var draftId = created["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.OK, (await seller.Client.PostAsync($"/api/auctions/{draftId}/cancel", null)).StatusCode);
        var listed = await app.CreateLiveAuctionAsync(seller, title: "Announced prototype");
        Assert.Equal(HttpStatusCode.OK, (await seller.Client.PostAsync($"/api/auctions/{listed}/cancel", null)).StatusCode);

        // To everyone but its seller and admins, a draft cancelled unpublished is what it was before: nothing.
        foreach (var client in new[] { app.Anonymous(), stranger.Client })
        {
            foreach (var path in new[] { "", "/bids", "/forecast", "/images" })
            {
                await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/auctions/{draftId}{path}"), HttpStatusCode.NotFound, "not_found");
            }

            foreach (var status in new[] { "cancelled", "all" })
            {
                Assert.Equal([listed], Ids(await client.GetJsonAsync($"/api/auctions?status={status}&q=prototype")));
            }

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/auctions/{listed}")).StatusCode);
        }

        await ProblemAssert.IsProblemAsync(await stranger.Client.PutAsync($"/api/watchlist/{draftId}", null), HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.IsProblemAsync(await stranger.BidAsync(draftId, 10m), HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.IsProblemAsync(await stranger.Client.PostAsync($"/api/auctions/{draftId}/buy-now", null), HttpStatusCode.NotFound, "not_found");
        Assert.Equal("cancelled", (await seller.Client.GetJsonAsync($"/api/auctions/{draftId}"))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync($"/api/auctions/{draftId}")).StatusCode);
    }
}

public sealed class SqliteAuctionsApiTests : AuctionsApiTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresAuctionsApiTests : AuctionsApiTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

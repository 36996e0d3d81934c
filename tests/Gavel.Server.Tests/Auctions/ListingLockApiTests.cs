using System.Net;
using System.Net.Http.Json;
using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Tests.Auctions;

/// <summary>Once a listing has bids, PATCH may only add to its description: no bait-and-switch on the item.</summary>
public abstract class ListingLockApiTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task TheItemIsLockedOnceABidExistsAndARefusedEditChangesNothing()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 100m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, title: "Leica M6 camera body");
        var otherCategory = await app.WithDbAsync(db => db.Categories.OrderBy(c => c.Id).Skip(1).Select(c => c.Id).FirstAsync());
        await bidder.BidAsync(auctionId, 20m);
        var before = await app.WithDbAsync(db => db.Auctions.AsNoTracking().SingleAsync(a => a.Id == auctionId));

        var switched = await ProblemAssert.IsProblemAsync(
            await seller.Client.PatchAsJsonAsync($"/api/auctions/{auctionId}", new
            {
                title = "Disposable camera", categoryId = otherCategory, condition = "forParts", description = "A broken camera.",
            }),
            HttpStatusCode.Conflict,
            "listing_has_bids");
        var detail = switched["detail"]!.GetValue<string>();
        Assert.Contains("title, category and condition cannot change", detail, StringComparison.Ordinal);
        Assert.Contains("description can only be added to", detail, StringComparison.Ordinal);
        Assert.Equal(["title", "categoryId", "condition", "description"], switched["fields"]!.AsArray().Select(f => f!.GetValue<string>()));

        // A refused field refuses the whole request: the allowed addition sent with it does not land either.
        await ProblemAssert.IsProblemAsync(
            await seller.Client.PatchAsJsonAsync($"/api/auctions/{auctionId}", new { title = "Disposable camera", description = before.Description + " And a strap." }),
            HttpStatusCode.Conflict,
            "listing_has_bids");
        var rewritten = await ProblemAssert.IsProblemAsync(
            await seller.Client.PatchAsJsonAsync($"/api/auctions/{auctionId}", new { description = "Shutter jammed. " + before.Description }),
            HttpStatusCode.Conflict,
            "listing_has_bids");
        Assert.Contains("only be added to", rewritten["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var after = await app.WithDbAsync(db => db.Auctions.AsNoTracking().SingleAsync(a => a.Id == auctionId));
        Assert.Equal(
            (before.Title, before.Description, before.CategoryId, before.Condition, before.StartingPrice),
            (after.Title, after.Description, after.CategoryId, after.Condition, after.StartingPrice));
    }

    [Fact]
    public async Task AnAdditionToTheDescriptionAndUnchangedValuesAreAcceptedAfterABidAndTheAdditionThenStays()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 100m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, title: "Leica M6 camera body");
        await bidder.BidAsync(auctionId, 20m);
        var before = await app.WithDbAsync(db => db.Auctions.AsNoTracking().SingleAsync(a => a.Id == auctionId));

        // The whole form sent again with the same title, category and condition, plus text after the description.
        var response = await seller.Client.PatchAsJsonAsync($"/api/auctions/{auctionId}", new
        {
            title = before.Title, categoryId = before.CategoryId, condition = "used", description = before.Description + "<p>Strap included.<script>x()</script></p>",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = before.Description + "<p>Strap included.</p>";
        Assert.Equal(expected, (await response.ReadJsonAsync())["description"]!.GetValue<string>());
        var shown = await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}");
        Assert.Equal(expected, shown["description"]!.GetValue<string>());
        Assert.Equal(before.Title, shown["title"]!.GetValue<string>());
        var stored = await app.WithDbAsync(db => db.Auctions.AsNoTracking().SingleAsync(a => a.Id == auctionId));
        Assert.Equal((expected, before.Title, before.CategoryId, ItemCondition.Used), (stored.Description, stored.Title, stored.CategoryId, stored.Condition));

        // The addition is now part of what bidders saw: taking it out again is a removal, and refused.
        await ProblemAssert.IsProblemAsync(
            await seller.Client.PatchAsJsonAsync($"/api/auctions/{auctionId}", new { description = before.Description }),
            HttpStatusCode.Conflict,
            "listing_has_bids");
        Assert.Equal(expected, (await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}"))["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnAdditionThatOverflowsTheDescriptionOnceMadeSafeIsA400AndChangesNothing()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 100m);
        var auctionId = await app.CreateLiveAuctionAsync(seller);
        await bidder.BidAsync(auctionId, 20m);
        var before = await app.WithDbAsync(db => db.Auctions.AsNoTracking().SingleAsync(a => a.Id == auctionId));

        // Under 5000 characters as sent, but every "&" is stored as "&amp;": on PostgreSQL this was a 500.
        var overflow = before.Description + new string('&', 4900);
        var problem = await ProblemAssert.IsProblemAsync(
            await seller.Client.PatchAsJsonAsync($"/api/auctions/{auctionId}", new { description = overflow }),
            HttpStatusCode.BadRequest,
            "invalid_request");

        Assert.Contains("description", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var after = await app.WithDbAsync(db => db.Auctions.AsNoTracking().SingleAsync(a => a.Id == auctionId));
        Assert.Equal(before.Description, after.Description);
    }

    [Fact]
    public async Task ANewListingWhoseDescriptionOverflowsOnceMadeSafeIsA400AndNothingIsCreated()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var categoryId = await app.WithDbAsync(db => db.Categories.Select(c => c.Id).FirstAsync());

        // 2,000 characters as sent, 10,000 once every "&" is stored as "&amp;": on PostgreSQL this was a 500.
        var problem = await ProblemAssert.IsProblemAsync(
            await seller.Client.PostAsJsonAsync("/api/auctions", new
            {
                title = "Ampersands", description = new string('&', 2000), categoryId, startingPrice = 5m,
                endsAt = app.Clock.GetUtcNow().AddHours(1),
            }),
            HttpStatusCode.BadRequest,
            "invalid_request");

        Assert.Contains("description", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Auctions.AnyAsync(a => a.SellerId == seller.Id)));
    }
}

public sealed class SqliteListingLockApiTests : ListingLockApiTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresListingLockApiTests : ListingLockApiTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

using System.Net;
using System.Net.Http.Json;
using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Tests.Auctions;

public abstract class ListingQuotaTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task ASellerOverTheOpenListingLimitIsRefusedWith409AndNothingIsStored()
    {
        await using var app = await GavelApp.StartAsync(Provider, s => s["Auctions:MaxOpenListingsPerSeller"] = "3");
        var seller = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        await app.CreateLiveAuctionAsync(seller);
        await app.CreateScheduledAuctionAsync(seller, TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.Created, (await CreateDraftAsync(app, seller)).StatusCode);

        var refused = await ProblemAssert.IsProblemAsync(await CreateDraftAsync(app, seller), HttpStatusCode.Conflict, "too_many_listings");
        Assert.Equal(3, refused["limit"]!.GetValue<int>());
        Assert.Equal(3, await app.WithDbAsync(db => db.Auctions.CountAsync(a => a.SellerId == seller.Id)));

        // The limit is per seller.
        Assert.Equal(HttpStatusCode.Created, (await CreateDraftAsync(app, other)).StatusCode);
    }

    [Fact]
    public async Task ListingsThatAreNoLongerOpenDoNotCount()
    {
        await using var app = await GavelApp.StartAsync(Provider, s => s["Auctions:MaxOpenListingsPerSeller"] = "2");
        var seller = await app.CreateUserAsync();
        var first = await (await CreateDraftAsync(app, seller)).ReadJsonAsync();
        await app.CreateLiveAuctionAsync(seller);
        await ProblemAssert.IsProblemAsync(await CreateDraftAsync(app, seller), HttpStatusCode.Conflict, "too_many_listings");

        var cancel = await seller.Client.PostAsync($"/api/auctions/{first["id"]!.GetValue<Guid>()}/cancel", null);
        Assert.True(cancel.IsSuccessStatusCode, await cancel.Content.ReadAsStringAsync());
        await app.WithDbAsync(db => db.Auctions.Where(a => a.SellerId == seller.Id && a.Status == AuctionStatus.Live)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AuctionStatus.Ended)));

        Assert.Equal(HttpStatusCode.Created, (await CreateDraftAsync(app, seller)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await CreateDraftAsync(app, seller)).StatusCode);
        await ProblemAssert.IsProblemAsync(await CreateDraftAsync(app, seller), HttpStatusCode.Conflict, "too_many_listings");
    }

    private static async Task<HttpResponseMessage> CreateDraftAsync(GavelApp app, TestUser seller)
    {
        var categoryId = await app.WithDbAsync(db => db.Categories.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());
        return await seller.Client.PostAsJsonAsync("/api/auctions", new
        {
            title = "Brass lamp", description = "Works.", categoryId, startingPrice = 5m, endsAt = app.Clock.GetUtcNow().AddHours(2),
        });
    }
}

public sealed class SqliteListingQuotaTests : ListingQuotaTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresListingQuotaTests : ListingQuotaTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

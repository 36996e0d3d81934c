using System.Net;
using Gavel.Core.Data;
using Gavel.Server.Features.Pricing;
using Gavel.Server.Tests.Infrastructure;
using Gavel.Server.Workers;
using Microsoft.Extensions.DependencyInjection;

namespace Gavel.Server.Tests.Pricing;

public abstract class ShillReviewTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task TheReviewQueueIsForAdminsOnly()
    {
        await using var app = await GavelApp.StartAsync(Provider, PricingModels.Using(PricingModels.EmptyFolder()));
        var user = await app.CreateUserAsync();
        var admin = await app.CreateUserAsync(admin: true);

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/admin/shill-reviews")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.Client.GetAsync("/api/admin/shill-reviews")).StatusCode);
        var empty = await admin.Client.GetJsonAsync("/api/admin/shill-reviews");
        Assert.Empty(empty["items"]!.AsArray());
        Assert.Equal(0, empty["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task ABidderWhoRaisesTheirOwnLeadOnOneSellersAuctionsAndAlwaysLosesIsQueuedWithTheReasons()
    {
        await using var app = await GavelApp.StartAsync(Provider, PricingModels.Using(PricingModels.EmptyFolder()));
        var seller = await app.CreateUserAsync("seller");
        var honest = await app.CreateUserAsync("honest", deposit: 5000m);
        var shill = await app.CreateUserAsync("shill", deposit: 5000m);
        var winner = await app.CreateUserAsync("winner", deposit: 5000m);
        var auctions = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var id = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m, duration: TimeSpan.FromHours(1), softCloseMinutes: 0, title: $"Lot {i}");
            Assert.Equal(HttpStatusCode.Created, (await honest.BidAsync(id, 20m)).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await shill.BidAsync(id, 30m)).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await shill.BidAsync(id, 40m)).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await shill.BidAsync(id, 50m)).StatusCode);
            auctions.Add(id);
        }

        app.Clock.Advance(TimeSpan.FromMinutes(55));
        foreach (var id in auctions)
        {
            Assert.Equal(HttpStatusCode.Created, (await winner.BidAsync(id, 200m)).StatusCode);
        }

        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await app.Services.GetRequiredService<AuctionCloser>().RunOnceAsync(TestContext.Current.CancellationToken);
        var queued = await app.Services.GetRequiredService<ShillScanService>().RunOnceAsync(TestContext.Current.CancellationToken);
        var admin = await app.CreateUserAsync("admin", admin: true);

        Assert.Equal(3, queued);
        var page = await admin.Client.GetJsonAsync("/api/admin/shill-reviews");
        var items = page["items"]!.AsArray();
        Assert.Equal(3, items.Count);
        Assert.All(items, item =>
        {
            Assert.Equal(shill.Id, item!["bidderId"]!.GetValue<Guid>());
            Assert.Equal(seller.Id, item["sellerId"]!.GetValue<Guid>());
            Assert.Equal("open", item["status"]!.GetValue<string>());
            var reasons = item["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
            Assert.Contains("raised their own leading bid 2 times (successive outbidding)", reasons);
            Assert.Contains("3 of the 3 auctions they bid in were this seller's", reasons);
            Assert.Contains("lost 3 of the 3 auctions they bid in", reasons);
            Assert.Equal(1.0, item["features"]!["successiveOutbidding"]!.GetValue<double>());
            Assert.Equal(9, item["features"]!.AsObject().Count);
        });

        // A second scan queues nothing new; a dismissed review leaves the open queue.
        Assert.Equal(0, await app.Services.GetRequiredService<ShillScanService>().RunOnceAsync(TestContext.Current.CancellationToken));
        var reviewId = items[0]!["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.PostAsync($"/api/admin/shill-reviews/{reviewId}/dismiss", null)).StatusCode);
        Assert.Equal(2, (await admin.Client.GetJsonAsync("/api/admin/shill-reviews"))["totalCount"]!.GetValue<int>());
        Assert.Equal(3, (await admin.Client.GetJsonAsync("/api/admin/shill-reviews?status=all"))["totalCount"]!.GetValue<int>());
        await LedgerAssert.BalancedAsync(app);
    }
}

public sealed class SqliteShillReviewTests : ShillReviewTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresShillReviewTests : ShillReviewTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

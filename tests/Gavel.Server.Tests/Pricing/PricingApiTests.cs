using System.Net;
using System.Net.Http.Json;
using Gavel.Core.Data;
using Gavel.Pricing.Lifecycle;
using Gavel.Server.Features.Pricing;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gavel.Server.Tests.Pricing;

public abstract class PricingApiTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task WithoutAModelAnEstimateIsInsufficientDataWithAReasonAndNothingElse()
    {
        await using var app = await GavelApp.StartAsync(Provider, PricingModels.Using(PricingModels.EmptyFolder()));

        var response = await app.Anonymous().PostAsJsonAsync("/api/estimates", new { title = "Seiko diver watch", startingPrice = 50, durationDays = 7 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(["reason", "status"], body.Select(p => p.Key).Order());
        Assert.Equal("insufficient_data", body["status"]!.GetValue<string>());
        Assert.Contains("No price model", body["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnEstimateHasTheMedianTheEightyPercentRangeAndTheComparablesItRestsOn()
    {
        await using var app = await GavelApp.StartAsync(Provider, PricingModels.Using(PricingModels.Folder));
        var watches = await CategoryIdAsync(app, "watches");

        var response = await app.Anonymous().PostAsJsonAsync("/api/estimates", new
        {
            title = "Seiko diver watch", categoryId = watches, condition = "used", startingPrice = 60m, durationDays = 7, endDay = "sunday",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(["comparableCount", "comparables", "currency", "high", "low", "median", "modelVersion", "status"], body.Select(p => p.Key).Order());
        Assert.Equal("ok", body["status"]!.GetValue<string>());
        Assert.Equal("USD", body["currency"]!.GetValue<string>());
        Assert.Equal(PricingModels.Version, body["modelVersion"]!.GetValue<string>());
        var (low, median, high) = (body.Decimal("low"), body.Decimal("median"), body.Decimal("high"));
        Assert.True(60m <= low && low <= median && median <= high, $"{low} <= {median} <= {high}");
        Assert.Equal(decimal.Round(median, 2), median);
        Assert.Equal(50, body["comparableCount"]!.GetValue<int>());
        var comparables = body["comparables"]!.AsArray();
        Assert.Equal(5, comparables.Count);
        Assert.All(comparables, c =>
        {
            Assert.Equal("Seiko diver watch", c!["title"]!.GetValue<string>());
            Assert.True(c["finalPrice"]!.GetValue<decimal>() > 0);
            Assert.True(c.AsObject().ContainsKey("auctionId"));
            Assert.NotNull(c["endedAt"]);
        });
    }

    [Fact]
    public async Task AnUnknownCategoryOrAMissingTitleIsAProblemNotAnEstimate()
    {
        await using var app = await GavelApp.StartAsync(Provider, PricingModels.Using(PricingModels.Folder));
        var client = app.Anonymous();

        await ProblemAssert.IsProblemAsync(
            await client.PostAsJsonAsync("/api/estimates", new { title = "Seiko diver watch", categoryId = 9999, startingPrice = 50, durationDays = 7 }),
            HttpStatusCode.UnprocessableEntity, "unknown_category");
        var invalid = await ProblemAssert.IsProblemAsync(
            await client.PostAsJsonAsync("/api/estimates", new { startingPrice = -5, durationDays = 90 }), HttpStatusCode.BadRequest);
        var errors = invalid["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("title", errors);
        Assert.Contains("startingPrice", errors);
        Assert.Contains("durationDays", errors);
    }

    [Fact]
    public async Task TheForecastOfALiveAuctionMovesAsBidsComeAndEndsWithTheAuction()
    {
        await using var app = await GavelApp.StartAsync(Provider, PricingModels.Using(PricingModels.Folder));
        var seller = await app.CreateUserAsync("seller");
        var alice = await app.CreateUserAsync("alice", deposit: 2000m);
        var bob = await app.CreateUserAsync("bob", deposit: 2000m);
        var id = await CreateAuctionAsync(app, seller, "Seiko diver watch", "watches", startingPrice: 40m, TimeSpan.FromMinutes(50));
        var client = app.Anonymous();
        var path = $"/api/auctions/{id}/forecast";

        app.Clock.Advance(TimeSpan.FromMinutes(15));
        var noBids = await client.GetJsonAsync(path);
        Assert.Equal(HttpStatusCode.Created, (await alice.BidAsync(id, 150m)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await bob.BidAsync(id, 120m)).StatusCode);
        var twoBids = await client.GetJsonAsync(path);
        app.Clock.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(HttpStatusCode.Created, (await bob.BidAsync(id, 400m)).StatusCode);
        var outbid = await client.GetJsonAsync(path);
        Assert.Equal(HttpStatusCode.Created, (await alice.BidAsync(id, 380m)).StatusCode);
        var challenged = await client.GetJsonAsync(path);

        Assert.All(new[] { noBids, twoBids, outbid, challenged }, f => Assert.Equal("ok", f["status"]!.GetValue<string>()));
        Assert.NotEqual(noBids.Decimal("median"), twoBids.Decimal("median"));
        Assert.True(twoBids.Decimal("low") >= 121m, "the final price is never below the visible price (121)");
        Assert.True(challenged.Decimal("low") >= 385m, "the final price is never below the visible price (380 + 5)");
        Assert.True(challenged.Decimal("median") > outbid.Decimal("median"), $"{challenged.Decimal("median")} > {outbid.Decimal("median")}");

        app.Clock.Advance(TimeSpan.FromMinutes(15));
        var ended = await client.GetJsonAsync(path);
        Assert.Equal("insufficient_data", ended["status"]!.GetValue<string>());
        Assert.Contains("has ended", ended["reason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/auctions/{Guid.NewGuid()}/forecast")).StatusCode);
    }

    [Fact]
    public async Task ANewModelVersionIsServedWithoutARestart()
    {
        var folder = PricingModels.EmptyFolder();
        await using var app = await GavelApp.StartAsync(Provider, PricingModels.Using(folder));
        var request = new { title = "Seiko diver watch", startingPrice = 50, durationDays = 7 };
        Assert.Equal("insufficient_data", (await (await app.Anonymous().PostAsJsonAsync("/api/estimates", request)).ReadJsonAsync())["status"]!.GetValue<string>());

        var source = Path.Combine(PricingModels.Folder, PricingModels.Version);
        var target = Path.Combine(folder, PricingModels.Version);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        await app.Services.GetRequiredService<PricingModelService>().RunOnceAsync(startup: false, TestContext.Current.CancellationToken);

        var after = await (await app.Anonymous().PostAsJsonAsync("/api/estimates", request)).ReadJsonAsync();
        Assert.Equal("ok", after["status"]!.GetValue<string>());
        Assert.Equal(PricingModels.Version, app.Services.GetRequiredService<ModelCatalog>().Price!.Version);
    }

    internal static async Task<int> CategoryIdAsync(GavelApp app, string slug) =>
        await app.WithDbAsync(db => Task.FromResult(db.Categories.Single(c => c.Slug == slug).Id));

    internal static async Task<Guid> CreateAuctionAsync(GavelApp app, TestUser seller, string title, string category, decimal startingPrice, TimeSpan duration)
    {
        var response = await seller.Client.PostAsJsonAsync("/api/auctions", new
        {
            title,
            description = "For the price estimate tests.",
            categoryId = await CategoryIdAsync(app, category),
            startingPrice,
            endsAt = app.Clock.GetUtcNow() + duration,
            softCloseMinutes = 0,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.ReadJsonAsync())["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.OK, (await seller.Client.PostAsync($"/api/auctions/{id}/publish", null)).StatusCode);
        return id;
    }
}

public sealed class SqlitePricingApiTests : PricingApiTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresPricingApiTests : PricingApiTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

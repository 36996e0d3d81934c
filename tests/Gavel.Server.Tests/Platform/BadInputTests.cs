using System.Net;
using System.Net.Http.Json;
using System.Text;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Tests.Platform;

/// <summary>Whatever a client sends, the answer is a 4xx ProblemDetails that says what to fix, and nothing changes.</summary>
public sealed class BadInputTests
{
    public static TheoryData<string, string> BadAuctionBodies => new()
    {
        { "malformed JSON", """{"title": "Lamp", """ },
        { "not an object", """[1, 2, 3]""" },
        { "missing fields", """{}""" },
        { "wrong type", """{"title": 42, "description": "d", "categoryId": "one", "startingPrice": 10, "endsAt": "2026-06-01T13:00:00Z"}""" },
        { "negative price", """{"title": "Lamp", "description": "d", "categoryId": 1, "startingPrice": -1, "endsAt": "2026-06-01T13:00:00Z"}""" },
        { "three decimals", """{"title": "Lamp", "description": "d", "categoryId": 1, "startingPrice": 1.001, "endsAt": "2026-06-01T13:00:00Z"}""" },
        { "absurd amount", """{"title": "Lamp", "description": "d", "categoryId": 1, "startingPrice": 1e300, "endsAt": "2026-06-01T13:00:00Z"}""" },
        { "huge title", $$"""{"title": "{{new string('x', 100_000)}}", "description": "d", "categoryId": 1, "startingPrice": 1, "endsAt": "2026-06-01T13:00:00Z"}""" },
        { "bad date", """{"title": "Lamp", "description": "d", "categoryId": 1, "startingPrice": 1, "endsAt": "tomorrow"}""" },
        { "unknown condition", """{"title": "Lamp", "description": "d", "categoryId": 1, "startingPrice": 1, "condition": "mint-ish", "endsAt": "2026-06-01T13:00:00Z"}""" },
        { "soft close out of range", """{"title": "Lamp", "description": "d", "categoryId": 1, "startingPrice": 1, "softCloseMinutes": -3, "endsAt": "2026-06-01T13:00:00Z"}""" },
    };

    [Theory]
    [MemberData(nameof(BadAuctionBodies))]
    public async Task BadAuctionBodiesGet400AndCreateNothing(string why, string body)
    {
        await using var app = await GavelApp.StartAsync();
        var seller = await app.CreateUserAsync();

        var response = await seller.Client.PostAsync("/api/auctions", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["detail"] is not null || problem["errors"] is not null, why);
        Assert.Equal(0, await app.WithDbAsync(db => db.Auctions.CountAsync()));
    }

    [Theory]
    [InlineData("""{"title": "Lamp", """, "line 1")]
    [InlineData("""[1, 2, 3]""", "line 1")]
    [InlineData("{\n  \"title\": \"Lamp\",\n  oops\n}", "line 3")]
    public async Task AnUnreadableBodyIsExplainedInTheClientsTermsNotTheServersTypes(string body, string where)
    {
        await using var app = await GavelApp.StartAsync();
        var seller = await app.CreateUserAsync();

        var problem = await ProblemAssert.IsProblemAsync(
            await seller.Client.PostAsync("/api/auctions", new StringContent(body, Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "invalid_request");

        var detail = problem["detail"]!.GetValue<string>();
        Assert.StartsWith("The body could not be read as the JSON object this request takes", detail, StringComparison.Ordinal);
        Assert.Contains(where, detail, StringComparison.Ordinal);
        Assert.DoesNotContain("CreateAuctionRequest", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("parameter", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidationProblemsNameEveryMissingField()
    {
        await using var app = await GavelApp.StartAsync();
        var seller = await app.CreateUserAsync();

        var problem = await ProblemAssert.IsProblemAsync(await seller.Client.PostAsJsonAsync("/api/auctions", new { }), HttpStatusCode.BadRequest);

        var fields = problem["errors"]!.AsObject().Select(e => e.Key).ToHashSet();
        Assert.Superset(new HashSet<string> { "title", "description", "categoryId", "startingPrice", "endsAt" }, fields);
    }

    [Fact]
    public async Task RulesAcrossFieldsAre422WithACode()
    {
        await using var app = await GavelApp.StartAsync();
        var seller = await app.CreateUserAsync();
        var categoryId = await app.WithDbAsync(db => db.Categories.Select(c => c.Id).FirstAsync());
        var now = app.Clock.GetUtcNow();

        await ProblemAssert.IsProblemAsync(await seller.Client.PostAsJsonAsync("/api/auctions", new
        {
            title = "Lamp", description = "d", categoryId = 99_999, startingPrice = 1m, endsAt = now.AddHours(1),
        }), HttpStatusCode.UnprocessableEntity, "unknown_category");
        await ProblemAssert.IsProblemAsync(await seller.Client.PostAsJsonAsync("/api/auctions", new
        {
            title = "Lamp", description = "d", categoryId, startingPrice = 1m, endsAt = now.AddSeconds(30),
        }), HttpStatusCode.UnprocessableEntity, "auction_too_short");
        await ProblemAssert.IsProblemAsync(await seller.Client.PostAsJsonAsync("/api/auctions", new
        {
            title = "Lamp", description = "d", categoryId, startingPrice = 10m, reservePrice = 5m, endsAt = now.AddHours(1),
        }), HttpStatusCode.UnprocessableEntity, "invalid_prices");
        await ProblemAssert.IsProblemAsync(await seller.Client.PostAsJsonAsync("/api/auctions", new
        {
            title = "Lamp", description = "d", categoryId, startingPrice = 10m, buyNowPrice = 10m, endsAt = now.AddHours(1),
        }), HttpStatusCode.UnprocessableEntity, "invalid_prices");
        Assert.Equal(0, await app.WithDbAsync(db => db.Auctions.CountAsync()));
    }

    [Fact]
    public async Task SomeoneElsesAuctionIsForbiddenAndUnchanged()
    {
        await using var app = await GavelApp.StartAsync();
        var seller = await app.CreateUserAsync();
        var stranger = await app.CreateUserAsync();
        var auctionId = await app.CreateLiveAuctionAsync(seller, title: "Original title");

        await ProblemAssert.IsProblemAsync(await stranger.Client.PatchAsJsonAsync($"/api/auctions/{auctionId}", new { title = "Hijacked" }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await stranger.Client.PostAsync($"/api/auctions/{auctionId}/cancel", null), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await stranger.Client.PostAsync($"/api/auctions/{auctionId}/publish", null), HttpStatusCode.Forbidden);

        var auction = await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}");
        Assert.Equal("Original title", auction["title"]!.GetValue<string>());
        Assert.Equal("live", auction["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/auctions?page=0")]
    [InlineData("/api/auctions?pageSize=101")]
    [InlineData("/api/auctions?page=abc")]
    [InlineData("/api/auctions?minPrice=-1")]
    [InlineData("/api/auctions?status=sold")]
    [InlineData("/api/wallet/transactions?page=0")]
    [InlineData("/api/me/bids?pageSize=0")]
    public async Task BadQueryParametersGet400(string path)
    {
        await using var app = await GavelApp.StartAsync();
        var user = await app.CreateUserAsync();

        await ProblemAssert.IsProblemAsync(await user.Client.GetAsync(path), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/api/auctions/not-a-guid")]
    [InlineData("/api/auctions/00000000-0000-0000-0000-000000000000")]
    [InlineData("/api/auctions/00000000-0000-0000-0000-000000000000/bids")]
    [InlineData("/api/nothing-here")]
    public async Task UnknownThingsAre404ProblemDetails(string path)
    {
        await using var app = await GavelApp.StartAsync();

        await ProblemAssert.IsProblemAsync(await app.Anonymous().GetAsync(path), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task AnOverlongIdempotencyKeyIsRefused()
    {
        await using var app = await GavelApp.StartAsync();
        var user = await app.CreateUserAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/wallet/deposits") { Content = JsonContent.Create(new { amount = 10m }) };
        request.Headers.Add("Idempotency-Key", new string('k', 256));

        await ProblemAssert.IsProblemAsync(await user.Client.SendAsync(request), HttpStatusCode.BadRequest, "invalid_idempotency_key");
        Assert.Equal(0m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("balance"));
    }
}

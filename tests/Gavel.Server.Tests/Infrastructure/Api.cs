using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gavel.Server.Tests.Infrastructure;

/// <summary>Small helpers for calling the API as a client would, with the server's JSON conventions.</summary>
public static class Api
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<JsonObject> ReadJsonAsync(this HttpResponseMessage response) =>
        (JsonObject)(await JsonNode.ParseAsync(await response.Content.ReadAsStreamAsync()))!;

    /// <summary>Creates and publishes an auction with sensible defaults; returns its id.</summary>
    public static async Task<Guid> CreateLiveAuctionAsync(
        this GavelApp app,
        TestUser seller,
        decimal startingPrice = 10m,
        decimal? reservePrice = null,
        decimal? buyNowPrice = null,
        TimeSpan? duration = null,
        int? softCloseMinutes = null,
        string title = "Vintage camera",
        string description = "A well kept item.")
    {
        var categoryId = await app.WithDbAsync(db => Task.FromResult(db.Categories.OrderBy(c => c.Id).First().Id));
        var response = await seller.Client.PostAsJsonAsync("/api/auctions", new
        {
            title,
            description,
            categoryId,
            startingPrice,
            reservePrice,
            buyNowPrice,
            endsAt = app.Clock.GetUtcNow() + (duration ?? TimeSpan.FromHours(1)),
            softCloseMinutes,
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var id = (await response.ReadJsonAsync())["id"]!.GetValue<Guid>();
        var publish = await seller.Client.PostAsync($"/api/auctions/{id}/publish", null);
        Assert.Equal(System.Net.HttpStatusCode.OK, publish.StatusCode);
        return id;
    }

    /// <summary>Creates and publishes an auction that starts <paramref name="startsIn"/> from now (so it is scheduled); returns its id.</summary>
    public static async Task<Guid> CreateScheduledAuctionAsync(this GavelApp app, TestUser seller, TimeSpan startsIn, TimeSpan? duration = null, decimal startingPrice = 10m)
    {
        var categoryId = await app.WithDbAsync(db => Task.FromResult(db.Categories.OrderBy(c => c.Id).First().Id));
        var startsAt = app.Clock.GetUtcNow() + startsIn;
        var response = await seller.Client.PostAsJsonAsync("/api/auctions", new
        {
            title = "Pocket watch",
            description = "Goes on sale later.",
            categoryId,
            startingPrice,
            startsAt,
            endsAt = startsAt + (duration ?? TimeSpan.FromHours(1)),
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var id = (await response.ReadJsonAsync())["id"]!.GetValue<Guid>();
        var publish = await seller.Client.PostAsync($"/api/auctions/{id}/publish", null);
        Assert.Equal("scheduled", (await publish.ReadJsonAsync())["status"]!.GetValue<string>());
        return id;
    }

    public static Task<HttpResponseMessage> BidAsync(this TestUser bidder, Guid auctionId, decimal maxAmount, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/auctions/{auctionId}/bids") { Content = JsonContent.Create(new { maxAmount }) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return bidder.Client.SendAsync(request);
    }

    public static async Task<JsonObject> GetJsonAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    public static decimal Decimal(this JsonObject json, string name) => json[name]!.GetValue<decimal>();
}

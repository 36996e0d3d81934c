using System.Text.Json;
using Gavel.Core.Data;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Gavel.Server.Tests.Live;

/// <summary>
/// The hub as a third-party client meets it (docs/LIVE.md): bare connections with handlers of its own types, not the
/// server's records, so names, casing and formats are checked as they go over the wire.
/// </summary>
public sealed class HubClientTests
{
    private static readonly string[] UpdateFields =
        ["auctionId", "sequence", "status", "currentPrice", "bidCount", "leader", "endsAt", "buyNowPrice", "reserveMet", "finalPrice", "at"];

    private static readonly string[] NotificationFields = ["id", "kind", "auctionId", "title", "body", "data", "createdAt"];

    [Fact]
    public async Task JsonMessagesHaveTheDocumentedCamelCaseFieldsNumbersForMoneyAndIsoUtcTimes()
    {
        await using var app = await GavelApp.StartAsync(DatabaseProvider.Sqlite, s => s["Workers:DispatcherEnabled"] = "true");
        var seller = await app.CreateUserAsync();
        var alice = await app.CreateUserAsync(deposit: 1000m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m);
        await using var connection = LiveClient.CreateConnection(app, alice.AccessToken);
        var update = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var notification = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<JsonElement>("AuctionUpdated", u => update.TrySetResult(u));
        connection.On<JsonElement>("Notification", n =>
        {
            if (n.GetProperty("auctionId").ValueKind == JsonValueKind.String)
            {
                notification.TrySetResult(n);
            }
        });
        await connection.StartAsync();
        await connection.InvokeAsync("Follow", auctionId);

        await alice.BidAsync(auctionId, 25.5m);
        var u = await update.Task.WaitAsync(LiveClient.Patience);
        Assert.Equal(UpdateFields, u.EnumerateObject().Select(p => p.Name));
        Assert.Equal((1L, "live", 10m, 1), (u.GetProperty("sequence").GetInt64(), u.GetProperty("status").GetString(), u.GetProperty("currentPrice").GetDecimal(), u.GetProperty("bidCount").GetInt32()));
        var endsAt = u.GetProperty("endsAt").GetString()!;
        Assert.Equal(TimeSpan.Zero, DateTimeOffset.Parse(endsAt, System.Globalization.CultureInfo.InvariantCulture).Offset);
        var auction = await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}");
        Assert.Equal(auction["endsAt"]!.GetValue<DateTimeOffset>(), DateTimeOffset.Parse(endsAt, System.Globalization.CultureInfo.InvariantCulture));

        var n = await notification.Task.WaitAsync(LiveClient.Patience);
        Assert.Equal(NotificationFields, n.EnumerateObject().Select(p => p.Name));
        Assert.Equal("leading", n.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.String, n.GetProperty("data").ValueKind); // a JSON object as text
        Assert.Equal(auctionId, JsonDocument.Parse(n.GetProperty("data").GetString()!).RootElement.GetProperty("auctionId").GetGuid());
    }

    [Fact]
    public async Task MessagePackMessagesHaveTheSameCamelCaseKeysTimestampsAndExactMoneyStrings()
    {
        await using var app = await GavelApp.StartAsync(DatabaseProvider.Sqlite, s => s["Workers:DispatcherEnabled"] = "true");
        var seller = await app.CreateUserAsync();
        var alice = await app.CreateUserAsync(deposit: 1000m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 10.25m);
        await using var connection = LiveClient.CreateConnection(app, alice.AccessToken, HttpTransportType.LongPolling, messagePack: true);
        var update = new TaskCompletionSource<IDictionary<object, object?>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var notification = new TaskCompletionSource<IDictionary<object, object?>>(TaskCreationOptions.RunContinuationsAsynchronously);
        // A client with no types of its own reads a map, as a JavaScript client would.
        connection.On<object>("AuctionUpdated", u => update.TrySetResult((IDictionary<object, object?>)u));
        connection.On<object>("Notification", n =>
        {
            var map = (IDictionary<object, object?>)n;
            if (map.TryGetValue("auctionId", out var id) && id is not null)
            {
                notification.TrySetResult(map);
            }
        });
        await connection.StartAsync();
        await connection.InvokeAsync("Follow", auctionId);

        await alice.BidAsync(auctionId, 25.5m);
        var u = await update.Task.WaitAsync(LiveClient.Patience);
        Assert.Equal(UpdateFields, u.Keys.Cast<string>());
        Assert.Equal(auctionId.ToString(), u["auctionId"]);
        Assert.Equal(1L, Convert.ToInt64(u["sequence"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(("10.25", null), (u["currentPrice"], u["buyNowPrice"])); // exact: MessagePack has no decimal
        var endsAt = Assert.IsType<DateTime>(u["endsAt"]); // the timestamp extension, readable by any MessagePack library
        Assert.Equal(DateTimeKind.Utc, endsAt.Kind);
        var auction = await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}");
        Assert.Equal(auction["endsAt"]!.GetValue<DateTimeOffset>().UtcDateTime, endsAt);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, Assert.IsType<DateTime>(u["at"]));

        var n = await notification.Task.WaitAsync(LiveClient.Patience);
        Assert.Equal(NotificationFields, n.Keys.Cast<string>());
        Assert.IsType<DateTime>(n["createdAt"]);
    }

    [Fact]
    public async Task MessagePackNeedsABinaryTransportAsDocumented()
    {
        await using var app = await GavelApp.StartAsync(DatabaseProvider.Sqlite);
        await using var sse = LiveClient.CreateConnection(app, transport: HttpTransportType.ServerSentEvents, messagePack: true);
        await Assert.ThrowsAnyAsync<Exception>(() => sse.StartAsync());

        await using var polling = LiveClient.CreateConnection(app, transport: HttpTransportType.LongPolling, messagePack: true);
        await polling.StartAsync();
        Assert.Equal(HubConnectionState.Connected, polling.State);
    }

    [Fact]
    public async Task APhotoUpdateKeepsItsFieldNamesAndTipsInMessagePack()
    {
        var update = new Gavel.Server.Features.Live.PhotoUpdate(
            Guid.NewGuid(), Guid.NewGuid(), "ready", null, [new Gavel.Images.QualityTip("dark", "Too dark")], "data:image/jpeg;base64,AA==", GavelApp.Epoch);
        var options = new MessagePackHubProtocolOptions().SerializerOptions;

        var json = MessagePack.MessagePackSerializer.ConvertToJson(MessagePack.MessagePackSerializer.Serialize(update, options), options);

        var map = JsonDocument.Parse(json).RootElement;
        Assert.Equal(["auctionId", "imageId", "status", "failureReason", "tips", "thumbnail", "at"], map.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["code", "message"], map.GetProperty("tips")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(update, MessagePack.MessagePackSerializer.Deserialize<Gavel.Server.Features.Live.PhotoUpdate>(
            MessagePack.MessagePackSerializer.Serialize(update, options), options) with { Tips = update.Tips });
    }
}

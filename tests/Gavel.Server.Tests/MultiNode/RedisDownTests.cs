using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gavel.Core.Data;
using Gavel.Images.Tests.Support;
using Gavel.Server.Tests.Images;
using Gavel.Server.Tests.Infrastructure;

namespace Gavel.Server.Tests.MultiNode;

/// <summary>
/// A node whose Redis is unreachable: the SignalR backplane's client queues each publish until its timeout (about
/// 5 s), so any hub send awaited inside a request would hold that request's response although its change committed.
/// </summary>
public sealed class RedisDownTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task BidsAnswerAtOnceWhenRedisWasNeverReachable(bool abortConnect)
    {
        var redis = $"127.0.0.1:{ClosedPort()},connectTimeout=200,abortConnect={abortConnect}";
        await using var app = await GavelApp.StartAsync(configure: s => s["Redis:Configuration"] = redis);

        await BidsAnswerQuicklyAsync(await StartLiveAuctionAsync(app));
    }

    [Fact]
    public async Task BidsAnswerAtOnceWhenRedisGoesAwayUnderARunningNode()
    {
        await using var redis = await TestRedis.ProxyAsync();
        await using var app = await GavelApp.StartAsync(configure: s => s["Redis:Configuration"] = $"127.0.0.1:{redis.Port},connectTimeout=200");
        var (auctionId, bidder) = await StartLiveAuctionAsync(app);
        Assert.Equal(HttpStatusCode.Created, (await bidder.BidAsync(auctionId, 20m)).StatusCode); // the backplane is connected now

        redis.Drop();

        await BidsAnswerQuicklyAsync((auctionId, bidder), firstSequence: 2);
    }

    private static async Task<(Guid AuctionId, TestUser Bidder)> StartLiveAuctionAsync(GavelApp app)
    {
        var seller = await app.CreateUserAsync("seller");
        var bidder = await app.CreateUserAsync("bidder", deposit: 1000m);
        var auctionId = await app.CreateLiveAuctionAsync(seller);
        await bidder.Client.GetJsonAsync($"/api/auctions/{auctionId}"); // the first request's start-up cost is not the point
        return (auctionId, bidder);
    }

    private static async Task BidsAnswerQuicklyAsync((Guid AuctionId, TestUser Bidder) auction, long firstSequence = 1)
    {
        var (auctionId, bidder) = auction;
        var amounts = new[] { 30m, 40m, 50m };
        var took = new List<TimeSpan>();
        foreach (var amount in amounts)
        {
            var clock = Stopwatch.StartNew();
            var response = await bidder.BidAsync(auctionId, amount);
            took.Add(clock.Elapsed);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        TestContext.Current.SendDiagnosticMessage($"Bids answered in {string.Join(", ", took.Select(t => $"{t.TotalMilliseconds:F0} ms"))}");
        Assert.True(took.Max() < Quick, $"The bids took {string.Join(", ", took.Select(t => $"{t.TotalMilliseconds:F0} ms"))} to answer.");
        var sequence = (await bidder.Client.GetJsonAsync($"/api/auctions/{auctionId}"))["sequence"]!.GetValue<long>();
        Assert.Equal(firstSequence + amounts.Length - 1, sequence);
    }

    [Fact]
    public async Task PhotoUploadsAnswerAtOnceWhenRedisGoesAwayUnderARunningNode()
    {
        await using var redis = await TestRedis.ProxyAsync();
        await using var photos = await PhotoApp.StartAsync(DatabaseProvider.Sqlite, s => s["Redis:Configuration"] = $"127.0.0.1:{redis.Port},connectTimeout=200");
        var seller = await photos.App.CreateUserAsync();
        var auctionId = await photos.App.CreateLiveAuctionAsync(seller);
        await (await seller.Client.UploadAsync(auctionId, ("warm.jpg", TestImages.Jpeg(640, 480, 5)))).UploadedIdsAsync(); // connects the backplane

        redis.Drop();
        var clock = Stopwatch.StartNew();
        var upload = await seller.Client.UploadAsync(auctionId, ("a.jpg", TestImages.Jpeg(640, 480, 6)), ("b.jpg", TestImages.Jpeg(640, 480, 7)));
        var took = clock.Elapsed;

        Assert.Equal(2, (await upload.UploadedIdsAsync()).Count);
        TestContext.Current.SendDiagnosticMessage($"The upload answered in {took.TotalMilliseconds:F0} ms");
        Assert.True(took < Quick, $"The upload took {took.TotalMilliseconds:F0} ms to answer.");
    }

    /// <summary>A port nothing listens on: reserved from the OS, then closed.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

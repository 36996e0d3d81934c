using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Core.Notifications;
using Gavel.Core.Wallet;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Tests.MultiNode;

/// <summary>
/// Two real server processes on one PostgreSQL database and one Redis, both running their closer and dispatcher:
/// what happens on one node reaches clients of the other, and each auction is ended and settled exactly once.
/// </summary>
public sealed class TwoNodeTests
{
    private const int ShortAuctions = 6;

    [Fact]
    public async Task ABidOnNodeAReachesAFollowerOnNodeBAndEachAuctionIsClosedAndSettledOnce()
    {
        var redis = await TestRedis.RequireAsync();
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var mail = Directory.CreateTempSubdirectory("gavel-nodes-").FullName;
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Gavel"] = database.ConnectionString,
            ["Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["Auth:PasswordHashIterations"] = "1000",
            ["Redis:Configuration"] = redis,
            ["Redis:ChannelPrefix"] = "gavel-test-" + Guid.NewGuid().ToString("N")[..8],
            ["Demo:Seed"] = "false",
            ["Auctions:MinimumDuration"] = "00:00:01",
            ["Auctions:CloserInterval"] = "00:00:00.100",
            ["RateLimits:AuthPermitLimit"] = "1000",
            ["RateLimits:BidPermitLimit"] = "1000",
            ["Notifications:PickupDirectory"] = mail,
        };
        await using var nodeA = await ServerProcess.StartAsync(settings); // migrates; B then finds the schema ready
        await using var nodeB = await ServerProcess.StartAsync(settings);
        try
        {
            var (seller, _) = await nodeA.SignUpAsync("seller");
            var (alice, aliceToken) = await nodeA.SignUpAsync("alice", deposit: 1000m);
            var (bob, bobToken) = await nodeB.SignUpAsync("bob", deposit: 1000m);
            var categoryId = (await nodeA.Http.GetJsonArrayAsync("api/categories"))[0]!["id"]!.GetValue<int>();

            // A follower and Alice's phone on node B; the bids go to node A.
            var auctionId = await CreateLiveAsync(seller, categoryId, TimeSpan.FromHours(1));
            await using var follower = await LiveClient.ConnectAsync(nodeB.Address);
            await using var alicesPhone = await LiveClient.ConnectAsync(nodeB.Address, aliceToken);
            await follower.FollowAsync(auctionId);

            Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync($"api/auctions/{auctionId}/bids", new { maxAmount = 50m })).StatusCode);
            var first = await follower.NextUpdateAsync();
            Assert.Equal((auctionId, 1L, 10m), (first.AuctionId, first.Sequence, first.CurrentPrice));

            var bobOnA = nodeA.ClientFor(bobToken);
            Assert.Equal(HttpStatusCode.Created, (await bobOnA.PostAsJsonAsync($"api/auctions/{auctionId}/bids", new { maxAmount = 80m })).StatusCode);
            var second = await follower.NextUpdateAsync();
            Assert.Equal((2L, 51m), (second.Sequence, second.CurrentPrice));
            var outbid = await NextOfKindAsync(alicesPhone, "outbid");
            Assert.Equal(auctionId, outbid.AuctionId);

            // Several auctions end at once while both nodes' closers race for them.
            var ending = new List<Guid>();
            for (var i = 0; i < ShortAuctions; i++)
            {
                var id = await CreateLiveAsync(seller, categoryId, TimeSpan.FromSeconds(3));
                (await (i % 2 == 0 ? alice : bob).PostAsJsonAsync($"api/auctions/{id}/bids", new { maxAmount = 20m + i })).EnsureSuccessStatusCode();
                ending.Add(id);
            }

            await using var db = Open(database);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
            while (await db.Auctions.CountAsync(a => ending.Contains(a.Id) && a.Status == AuctionStatus.Settled) < ShortAuctions)
            {
                Assert.True(DateTime.UtcNow < deadline, "The auctions were not all settled in time.\nA:\n" + nodeA.Output + "\nB:\n" + nodeB.Output);
                await Task.Delay(200);
            }

            foreach (var id in ending)
            {
                var transitions = await db.AuctionTransitions.Where(t => t.AuctionId == id).Select(t => t.To).ToListAsync();
                Assert.Equal(1, transitions.Count(t => t == AuctionStatus.Ended));
                Assert.Equal(1, transitions.Count(t => t == AuctionStatus.Settled));
                Assert.Equal(1, await db.LedgerTransactions.CountAsync(t => t.AuctionId == id && t.Kind == LedgerKind.Capture));
                Assert.Equal(1, await db.Notifications.CountAsync(n => n.AuctionId == id && n.Kind == NotificationKind.AuctionWon));
                Assert.Equal(1, await db.Notifications.CountAsync(n => n.AuctionId == id && n.Kind == NotificationKind.AuctionSold));
            }

            // Each end was logged by exactly one of the two nodes.
            var endedBy = ending.Select(id => Count(nodeA.Output, $"Auction {id} ended") + Count(nodeB.Output, $"Auction {id} ended"));
            Assert.All(endedBy, n => Assert.Equal(1, n));
        }
        finally
        {
            Directory.Delete(mail, recursive: true);
        }
    }

    private static async Task<Guid> CreateLiveAsync(HttpClient seller, int categoryId, TimeSpan duration)
    {
        var created = await seller.PostAsJsonAsync("api/auctions", new
        {
            title = "Two-node lot",
            description = "Sold on one node, watched on another.",
            categoryId,
            startingPrice = 10m,
            endsAt = DateTimeOffset.UtcNow + duration,
            softCloseMinutes = 0,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync())["id"]!.GetValue<Guid>();
        (await seller.PostAsync($"api/auctions/{id}/publish", null)).EnsureSuccessStatusCode();
        return id;
    }

    private static async Task<Features.Live.NotificationMessage> NextOfKindAsync(LiveClient client, string kind)
    {
        while (true)
        {
            var next = await client.NextNotificationAsync();
            if (next.Kind == kind)
            {
                return next;
            }
        }
    }

    private static PostgresGavelDbContext Open(TestDatabase database) =>
        new(new DbContextOptionsBuilder<PostgresGavelDbContext>().UseNpgsql(database.ConnectionString).Options);

    private static int Count(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

internal static class JsonArrayApi
{
    public static async Task<JsonArray> GetJsonArrayAsync(this HttpClient client, string path) =>
        (JsonArray)(await JsonNode.ParseAsync(await client.GetStreamAsync(path)))!;
}

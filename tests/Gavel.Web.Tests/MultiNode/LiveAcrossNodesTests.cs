using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gavel.Core.Data;
using Gavel.Server.Tests.Infrastructure;
using Gavel.Server.Tests.MultiNode;
using Gavel.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Gavel.Web.Tests.MultiNode;

/// <summary>
/// Two nodes on one PostgreSQL database and one Redis: node A a real server process taking the bids over the API,
/// node B the server the browser is on. The open pages on node B follow what commits on node A without a reload.
/// </summary>
public sealed class LiveAcrossNodesTests
{
    [Fact]
    public async Task APageOnNodeBShowsBidsAndTheOutbidNoticeCommittedOnNodeAWithoutAReload()
    {
        var redis = await TestRedis.RequireAsync();
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var mail = Directory.CreateTempSubdirectory("gavel-web-nodes-").FullName;
        var shared = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Gavel"] = database.ConnectionString,
            ["Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["Redis:Configuration"] = redis,
            ["Redis:ChannelPrefix"] = "gavel-test-" + Guid.NewGuid().ToString("N")[..8],
        };
        await using var nodeA = await ServerProcess.StartAsync(new Dictionary<string, string>(shared)
        {
            ["Auth:PasswordHashIterations"] = "1000",
            ["Demo:Seed"] = "false",
            ["Workers:CloserEnabled"] = "false",
            ["RateLimits:AuthPermitLimit"] = "1000",
            ["RateLimits:BidPermitLimit"] = "1000",
            ["Notifications:PickupDirectory"] = mail,
        }); // migrates; node B then finds the schema ready
        await using var nodeB = WebServer.Start(s =>
        {
            foreach (var (key, value) in shared)
            {
                s[key] = value;
            }
        });
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var (seller, _) = await nodeA.SignUpAsync("seller");
            var (bob, _) = await nodeA.SignUpAsync("bob", deposit: 500m);
            var auctionId = await CreateLiveAsync(nodeA, seller);

            // Alice signs up in the browser on node B and bids from her phone, which talks to node A.
            var alice = await browser.NewPageAsync(nodeB.BaseAddress);
            await Ui.RegisterAsync(alice, "alice");
            var alicesPhone = await SignInAsync(nodeA, "alice@web.test");
            (await alicesPhone.PostAsJsonAsync("api/wallet/deposits", new { amount = 500m })).EnsureSuccessStatusCode();
            var viewer = await browser.NewPageAsync(nodeB.BaseAddress);
            await Ui.OpenAuctionAsync(viewer, $"/auctions/{auctionId}");
            await Ui.OpenLivePageAsync(alice, $"/auctions/{auctionId}");
            await Expect(viewer.GetByTestId("bid-count")).ToHaveTextAsync("0 bids");
            var unread = await Ui.UnreadCountAsync(alice);

            Assert.Equal(HttpStatusCode.Created, (await alicesPhone.PostAsJsonAsync($"api/auctions/{auctionId}/bids", new { maxAmount = 50m })).StatusCode);
            await Expect(viewer.GetByTestId("bid-count")).ToHaveTextAsync("1 bid");
            await Expect(alice.GetByTestId("leading")).ToBeVisibleAsync();
            await Expect(alice.GetByTestId("unread-count")).ToHaveTextAsync($"{unread + 1}"); // "you are leading"

            Assert.Equal(HttpStatusCode.Created, (await bob.PostAsJsonAsync($"api/auctions/{auctionId}/bids", new { maxAmount = 80m })).StatusCode);
            await Expect(viewer.GetByTestId("bid-count")).ToHaveTextAsync("2 bids");
            await Expect(viewer.GetByTestId("price")).ToHaveTextAsync("$51.00");
            await Expect(alice.GetByTestId("outbid")).ToBeVisibleAsync();
            await Expect(alice.Locator("[data-testid=toast][data-kind=outbid]")).ToBeVisibleAsync();
            await Expect(alice.GetByTestId("unread-count")).ToHaveTextAsync($"{unread + 2}");
            Assert.Equal($"{nodeB.BaseAddress}auctions/{auctionId}", viewer.Url); // never reloaded elsewhere
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(APageOnNodeBShowsBidsAndTheOutbidNoticeCommittedOnNodeAWithoutAReload));
            throw;
        }
        finally
        {
            Directory.Delete(mail, recursive: true);
        }
    }

    private static async Task<Guid> CreateLiveAsync(ServerProcess node, HttpClient seller)
    {
        var categoryId = (await node.Http.GetFromJsonAsync<JsonArray>("api/categories"))![0]!["id"]!.GetValue<int>();
        var created = await seller.PostAsJsonAsync("api/auctions", new
        {
            title = "Lot sold across nodes",
            description = "Bid on one node, watched on another.",
            categoryId,
            startingPrice = 10m,
            endsAt = DateTimeOffset.UtcNow.AddHours(1),
            softCloseMinutes = 0,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        (await seller.PostAsync($"api/auctions/{id}/publish", null)).EnsureSuccessStatusCode();
        return id;
    }

    private static async Task<HttpClient> SignInAsync(ServerProcess node, string email)
    {
        var login = await node.Http.PostAsJsonAsync("api/auth/login", new { email, password = Ui.Password });
        login.EnsureSuccessStatusCode();
        return node.ClientFor((await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>());
    }
}

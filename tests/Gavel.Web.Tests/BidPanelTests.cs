using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gavel.Core.Bidding;
using Gavel.Core.Data;
using Gavel.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gavel.Web.Tests;

public sealed class BidPanelTests
{
    [Fact]
    public async Task BidsFromThePanelShareTheApisBidLimitAndTooManyAreRefusedWithAMessage()
    {
        await using var server = WebServer.Start(s => s["RateLimits:BidPermitLimit"] = "1");
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var seller = await browser.NewPageAsync(server.BaseAddress);
            var buyer = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(seller, "seller");
            var auction = await Ui.ListItemAsync(seller, "Oak chess set", 20m);
            await Ui.RegisterAsync(buyer, "buyer");
            await Ui.DepositAsync(buyer, 100m);
            await Ui.OpenAuctionAsync(buyer, auction);

            await Ui.BidAsync(buyer, 30m);
            await Expect(buyer.GetByTestId("leading")).ToBeVisibleAsync();
            await Ui.BidAsync(buyer, 35m);
            await Expect(buyer.GetByTestId("notice")).ToContainTextAsync("bidding too fast");

            // Not enough money is explained with where to add it.
            await buyer.WaitForTimeoutAsync(10_500);
            await Ui.BidAsync(buyer, 500m);
            await Expect(buyer.GetByTestId("notice")).ToContainTextAsync("Wallet");
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(BidsFromThePanelShareTheApisBidLimitAndTooManyAreRefusedWithAMessage));
            throw;
        }
    }

    [Fact]
    public async Task TheOpenPageOfAScheduledAuctionTurnsLiveAndTakesBidsWhenItsStartComesWithoutAReload()
    {
        await using var server = WebServer.Start(s => s["Workers:CloserEnabled"] = "true");
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var seller = await browser.NewPageAsync(server.BaseAddress);
            var buyer = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(seller, "seller");
            await Ui.RegisterAsync(buyer, "buyer");
            await Ui.DepositAsync(buyer, 100m);

            // The listing form has no start time: schedule through the API, as a seller's tool would.
            var auctionId = await ScheduleAsync(server.BaseAddress, "seller@web.test", startsIn: TimeSpan.FromSeconds(15));
            await Ui.OpenAuctionAsync(buyer, $"/auctions/{auctionId}");
            var placeBid = buyer.GetByRole(AriaRole.Button, new() { Name = "Place bid" });
            await Expect(buyer.GetByTestId("status")).ToHaveTextAsync("Scheduled");
            await Expect(placeBid).ToHaveCountAsync(0);
            await Expect(buyer.GetByTestId("opens")).ToContainTextAsync("Bidding opens in");
            var navigations = 0;
            buyer.FrameNavigated += (_, frame) => navigations += frame == buyer.MainFrame ? 1 : 0;

            // The closer starts it; the panel hears the change over the circuit and offers bidding.
            await Expect(buyer.GetByTestId("status")).ToHaveTextAsync("Live", new() { Timeout = 30_000 });
            await Expect(placeBid).ToBeVisibleAsync();
            await Expect(buyer.GetByTestId("opens")).ToHaveCountAsync(0);
            await Ui.BidAsync(buyer, 25m);
            await Expect(buyer.GetByTestId("leading")).ToBeVisibleAsync();
            Assert.Equal(0, navigations);
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(TheOpenPageOfAScheduledAuctionTurnsLiveAndTakesBidsWhenItsStartComesWithoutAReload));
            throw;
        }
    }

    private static async Task<Guid> ScheduleAsync(Uri server, string email, TimeSpan startsIn)
    {
        using var http = new HttpClient { BaseAddress = server };
        var login = await http.PostAsJsonAsync("api/auth/login", new { email, password = Ui.Password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var categoryId = (await http.GetFromJsonAsync<JsonArray>("api/categories"))![0]!["id"]!.GetValue<int>();
        var startsAt = DateTimeOffset.UtcNow + startsIn;
        var created = await http.PostAsJsonAsync("api/auctions", new
        {
            title = "Carriage clock",
            description = "On sale shortly.",
            categoryId,
            startingPrice = 20m,
            startsAt,
            endsAt = startsAt.AddHours(1),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        var published = await http.PostAsync($"api/auctions/{id}/publish", null);
        Assert.Equal("scheduled", (await published.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());
        return id;
    }

    [Fact]
    public async Task ALeaderRaisingTheirMaximumIsToldToBeatItAndRefusalsAndHistoryReadAsMoneyAndUtcTimes()
    {
        await using var server = WebServer.Start();
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var seller = await browser.NewPageAsync(server.BaseAddress);
            var buyer = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(seller, "seller");
            var auction = await Ui.ListItemAsync(seller, "Oak chess set", 20m);
            await Ui.RegisterAsync(buyer, "buyer");
            await Ui.DepositAsync(buyer, 100m);
            await Ui.OpenAuctionAsync(buyer, auction);
            await Expect(buyer.Locator("label[for=max-bid]")).ToContainTextAsync("minimum $20.00");
            await Ui.BidAsync(buyer, 30m);
            await Expect(buyer.GetByTestId("leading")).ToBeVisibleAsync();

            // The next bid's minimum is still $20.00, but the leader's new maximum has to beat their own $30.00.
            await Expect(buyer.Locator("label[for=max-bid]")).ToContainTextAsync("more than your current maximum of $30.00");
            await Ui.BidAsync(buyer, 25m);
            await Expect(buyer.GetByTestId("notice")).ToContainTextAsync("bid at least $30.01");

            await Ui.BidAsync(buyer, 500m);
            await Expect(buyer.GetByTestId("notice")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"needs \$[\d,]+\.\d\d available and you have \$[\d,]+\.\d\d"));

            // An auction runs for days: each bid's time says which day, and in which zone.
            await Expect(buyer.GetByTestId("history").Locator("tbody td").Nth(2)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{1,2} [A-Z][a-z]{2}, \d\d:\d\d:\d\d UTC$"));
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(ALeaderRaisingTheirMaximumIsToldToBeatItAndRefusalsAndHistoryReadAsMoneyAndUtcTimes));
            throw;
        }
    }

    [Fact]
    public async Task TheBidHistoryMarksOnlyTheViewersOwnBidsWhenRenderedAndWhenItUpdatesLive()
    {
        await using var server = WebServer.Start();
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var seller = await browser.NewPageAsync(server.BaseAddress);
            var alice = await browser.NewPageAsync(server.BaseAddress);
            var bob = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(seller, "seller");
            var auction = await Ui.ListItemAsync(seller, "Oak chess set", 20m);
            await Ui.RegisterAsync(alice, "alice");
            await Ui.DepositAsync(alice, 100m);
            await Ui.RegisterAsync(bob, "bob");
            await Ui.DepositAsync(bob, 100m);
            await Ui.OpenAuctionAsync(alice, auction);
            await Ui.OpenAuctionAsync(bob, auction);

            // Her own bid is marked in her panel as soon as it is placed; bob's panel shows the same line unmarked.
            await Ui.BidAsync(alice, 30m);
            var aliceHistory = alice.GetByTestId("history");
            await Expect(aliceHistory.GetByRole(AriaRole.Row).Filter(new() { HasText = "Bidder 1" })).ToContainTextAsync("Bidder 1 (you)");
            await Expect(bob.GetByTestId("history")).ToContainTextAsync("Bidder 1");
            await Expect(bob.GetByTestId("you")).ToHaveCountAsync(0);

            // Bob outbids her: her panel updates live, his line arrives unmarked and hers stay marked.
            await Ui.BidAsync(bob, 50m);
            await Expect(bob.GetByTestId("leading")).ToBeVisibleAsync();
            await Expect(aliceHistory).ToContainTextAsync("Bidder 2");
            await AssertMarkedAsync(alice, mine: "Bidder 1", theirs: "Bidder 2");
            await AssertMarkedAsync(bob, mine: "Bidder 2", theirs: "Bidder 1");

            // The server-rendered page (before or without the live connection) marks them too.
            var aliceNoScript = await browser.NewPageAsync(server.BaseAddress, javaScript: false);
            await Ui.SignInAsync(aliceNoScript, "alice@web.test");
            await aliceNoScript.GotoAsync(auction);
            await AssertMarkedAsync(aliceNoScript, mine: "Bidder 1", theirs: "Bidder 2");

            // Others see aliases only: no marks for the seller, and no one's email.
            await seller.GotoAsync(auction);
            await Expect(seller.GetByTestId("history")).ToContainTextAsync("Bidder 2");
            await Expect(seller.GetByTestId("you")).ToHaveCountAsync(0);
            await Expect(seller.GetByTestId("history")).Not.ToContainTextAsync("@");
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(TheBidHistoryMarksOnlyTheViewersOwnBidsWhenRenderedAndWhenItUpdatesLive));
            throw;
        }
    }

    [Fact]
    public async Task ThePanelLinksToTheWholeBidHistoryPagedWithTheViewersOwnBidsMarkedAndAliasesOnly()
    {
        await using var server = WebServer.Start();
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var seller = await browser.NewPageAsync(server.BaseAddress);
            var alice = await browser.NewPageAsync(server.BaseAddress);
            var bob = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(seller, "seller");
            var auction = await Ui.ListItemAsync(seller, "Walnut clock", 20m);
            await Ui.RegisterAsync(alice, "alice");
            await Ui.RegisterAsync(bob, "bob");

            // 60 accepted bids, alice's the odd ones: placing them through the panel would take minutes behind its rate limit.
            var auctionId = Guid.Parse(auction.Split('/')[^1]);
            using (var scope = server.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<GavelDbContext>();
                var users = await db.Users.ToDictionaryAsync(u => u.Email, u => u.Id, TestContext.Current.CancellationToken);
                var start = DateTimeOffset.UtcNow.AddHours(-1);
                for (var i = 1; i <= 60; i++)
                {
                    var hers = i % 2 == 1;
                    db.Bids.Add(new Bid
                    {
                        AuctionId = auctionId, BidderId = users[hers ? "alice@web.test" : "bob@web.test"], BidderAlias = hers ? "Bidder 1" : "Bidder 2",
                        MaxAmount = 20m + i, Sequence = i, ReceivedAt = start.AddSeconds(i), PriceAfter = 20m + i, LeadingAfter = true,
                    });
                }

                await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            }

            // The panel shows the latest 20 and says how many there are in all.
            await Ui.OpenAuctionAsync(alice, auction);
            await Expect(alice.GetByTestId("history").Locator("tbody tr")).ToHaveCountAsync(20);
            await Expect(alice.GetByTestId("history")).Not.ToContainTextAsync("$21.00");
            await alice.GetByRole(AriaRole.Link, new() { Name = "Show all 60 bids" }).ClickAsync();
            await alice.WaitForURLAsync($"**{auction}/bids");
            await Expect(alice.GetByRole(AriaRole.Heading, new() { Name = "Bid history" })).ToBeVisibleAsync();
            await Expect(alice.GetByTestId("bid-total")).ToContainTextAsync("60 bids on “Walnut clock”");
            await Expect(alice.GetByTestId("history").Locator("tbody tr")).ToHaveCountAsync(50);
            await Expect(alice.GetByTestId("history").Locator("tbody tr").First).ToContainTextAsync("$80.00");
            await AssertMarkedAsync(alice, mine: "Bidder 1", theirs: "Bidder 2");

            // The oldest bids are on the next page, still marked as hers.
            await alice.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
            await alice.WaitForURLAsync($"**{auction}/bids?page=2");
            await Expect(alice.GetByTestId("history").Locator("tbody tr")).ToHaveCountAsync(10);
            await Expect(alice.GetByTestId("history").Locator("tbody tr").Last).ToContainTextAsync("Bidder 1 (you)");
            await Expect(alice.GetByTestId("history").Locator("tbody tr").Last).ToContainTextAsync("$21.00");
            await AssertMarkedAsync(alice, mine: "Bidder 1", theirs: "Bidder 2");
            await Expect(alice.GetByRole(AriaRole.Link, new() { Name = "Previous" })).ToHaveAttributeAsync("href", $"/auctions/{auctionId}/bids?page=1");
            await Shots.TakeAsync(alice, "bid-history");

            await AssertMarkedAsync(await OpenAsync(bob, $"{auction}/bids?page=2"), mine: "Bidder 2", theirs: "Bidder 1");

            // The seller and a signed-out visitor see bare aliases, never an email; an unknown auction has no history page.
            foreach (var viewer in new[] { seller, await browser.NewPageAsync(server.BaseAddress, javaScript: false) })
            {
                await viewer.GotoAsync($"{auction}/bids");
                await Expect(viewer.GetByTestId("history").Locator("tbody tr")).ToHaveCountAsync(50);
                await Expect(viewer.GetByTestId("you")).ToHaveCountAsync(0);
                await Expect(viewer.GetByTestId("history")).Not.ToContainTextAsync("@");
            }

            var odd = await seller.GotoAsync($"{auction}/bids?page=abc");
            Assert.Equal(200, odd!.Status);
            await Expect(seller.GetByTestId("history").Locator("tbody tr").First).ToContainTextAsync("$80.00");

            var missing = await seller.GotoAsync($"/auctions/{Guid.NewGuid()}/bids");
            Assert.Equal(404, missing!.Status);
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(ThePanelLinksToTheWholeBidHistoryPagedWithTheViewersOwnBidsMarkedAndAliasesOnly));
            throw;
        }
    }

    [Fact]
    public async Task OnAPhoneBothBidHistoriesShowEveryAliasAndPriceWithoutScrollingSidewaysAndStayTables()
    {
        await using var server = WebServer.Start();
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var seller = await browser.NewPageAsync(server.BaseAddress);
            var carol = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(seller, "seller");
            var auction = await Ui.ListItemAsync(seller, "Grandfather clock", 98_000_000m);
            await Ui.RegisterAsync(carol, "carol");

            // Eight-figure prices (the most a price may be is $100,000,000) and two-digit aliases: wider than a phone as columns.
            var auctionId = Guid.Parse(auction.Split('/')[^1]);
            using (var scope = server.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<GavelDbContext>();
                var carolId = await db.Users.Where(u => u.Email == "carol@web.test").Select(u => u.Id).SingleAsync(TestContext.Current.CancellationToken);
                var start = DateTimeOffset.UtcNow.AddHours(-1);
                for (var i = 1; i <= 12; i++)
                {
                    db.Bids.Add(new Bid
                    {
                        AuctionId = auctionId, BidderId = carolId, BidderAlias = $"Bidder {i}",
                        MaxAmount = 98_000_000m + (i * 11_111.11m), Sequence = i, ReceivedAt = start.AddSeconds(i), PriceAfter = 98_000_000m + (i * 11_111.11m), LeadingAfter = true,
                    });
                }

                await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            }

            await carol.SetViewportSizeAsync(390, 844);
            await Ui.OpenAuctionAsync(carol, auction);
            await AssertOnScreenAsync(carol, "the auction page");
            await Shots.TakeAsync(carol, "bid-panel-phone");

            await carol.GotoAsync($"{auction}/bids");
            await AssertOnScreenAsync(carol, "the bid history page");
            await Expect(carol.GetByTestId("history").GetByRole(AriaRole.Columnheader, new() { Name = "#" })).ToHaveCountAsync(1);
            await Shots.TakeAsync(carol, "bid-history-phone");
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(OnAPhoneBothBidHistoriesShowEveryAliasAndPriceWithoutScrollingSidewaysAndStayTables));
            throw;
        }

        static async Task AssertOnScreenAsync(IPage page, string where)
        {
            var history = page.GetByTestId("history");
            foreach (var text in new[] { "Bidder 12 (you)", "$98,133,333.32", "Bidder 10 (you)", "$98,111,111.10" })
            {
                // Measured where it is laid out, without scrolling it into view (which would scroll the table's box).
                var cell = history.GetByRole(AriaRole.Cell, new() { Name = text, Exact = true });
                await Expect(cell).ToHaveCountAsync(1);
                var box = await cell.BoundingBoxAsync();
                Assert.NotNull(box);
                Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"On {where}, {text} is laid out at x {box.X} to {box.X + box.Width}, off a 390px screen.");
            }

            Assert.True(await history.EvaluateAsync<bool>("t => t.scrollWidth <= t.clientWidth && t.parentElement.scrollWidth <= t.parentElement.clientWidth"), $"The bid history on {where} scrolls sideways in its box.");
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{where} is wider than a phone's screen.");

            // Stacked for the eye, still a table with its column headers for a screen reader.
            await Expect(history.GetByRole(AriaRole.Columnheader, new() { Name = "Price" })).ToHaveCountAsync(1);
            await Expect(history.GetByRole(AriaRole.Columnheader, new() { Name = "Bidder" })).ToHaveCountAsync(1);
        }
    }

    private static async Task<IPage> OpenAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        return page;
    }

    /// <summary>Every line of <paramref name="mine"/> says "(you)" in text, and no line of <paramref name="theirs"/> does.</summary>
    private static async Task AssertMarkedAsync(IPage page, string mine, string theirs)
    {
        var rows = page.GetByTestId("history").GetByRole(AriaRole.Row);
        var own = rows.Filter(new() { HasText = mine });
        await Expect(own.First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("you")).ToHaveCountAsync(await own.CountAsync());
        foreach (var row in await own.AllAsync())
        {
            await Expect(row).ToContainTextAsync($"{mine} (you)");
        }

        foreach (var row in await rows.Filter(new() { HasText = theirs }).AllAsync())
        {
            await Expect(row).Not.ToContainTextAsync("(you)");
        }
    }

    [Fact]
    public async Task WithoutTheLiveConnectionTheBidPanelSaysSoRatherThanTakingABidItWouldDrop()
    {
        await using var server = WebServer.Start();
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var seller = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(seller, "seller");
            var auction = await Ui.ListItemAsync(seller, "Oak chess set", 20m);

            // Signing in and the wallet are plain forms; the panel's actions run over the circuit, which needs script.
            var offline = await browser.NewPageAsync(server.BaseAddress, javaScript: false);
            await Ui.RegisterAsync(offline, "nojs");
            await offline.GotoAsync(auction);
            await Expect(offline.GetByRole(AriaRole.Button, new() { Name = "Place bid" })).ToBeDisabledAsync();
            await Expect(offline.GetByLabel("Your maximum bid")).ToBeDisabledAsync();
            await Expect(offline.GetByRole(AriaRole.Button, new() { Name = "Watch" })).ToBeDisabledAsync();
            await Expect(offline.GetByTestId("connecting")).ToContainTextAsync("they need JavaScript");

            var online = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(online, "withjs");
            await online.GotoAsync(auction);
            await Expect(online.GetByRole(AriaRole.Button, new() { Name = "Place bid" })).ToBeEnabledAsync();
            await Expect(online.GetByTestId("connecting")).ToHaveCountAsync(0);
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(WithoutTheLiveConnectionTheBidPanelSaysSoRatherThanTakingABidItWouldDrop));
            throw;
        }
    }
}

using Gavel.Core.Accounts;
using Gavel.Core.Data;
using Gavel.Core.Pricing;
using Gavel.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gavel.Web.Tests;

public sealed class AdminPageTests
{
    [Fact]
    public async Task ASuspendedUserCannotBidFromAnOpenPageNorSignInAgainUntilRestored()
    {
        await using var server = WebServer.Start(Ui.WithAdmin);
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var seller = await browser.NewPageAsync(server.BaseAddress);
            var mallory = await browser.NewPageAsync(server.BaseAddress);
            var admin = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(seller, "sid");
            var auction = await Ui.ListItemAsync(seller, "Pewter tankard", 20m);
            await Ui.RegisterAsync(mallory, "mallory");
            await Ui.DepositAsync(mallory, 200m);
            await Ui.OpenAuctionAsync(mallory, auction);

            await Ui.SignInAsync(admin, Ui.AdminEmail);
            await admin.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true }).ClickAsync();
            await admin.GetByRole(AriaRole.Button, new() { Name = "Suspend mallory" }).ClickAsync();
            await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("User suspended");
            await Expect(admin.GetByTestId("users").GetByRole(AriaRole.Row).Filter(new() { HasText = "mallory" })).ToContainTextAsync("Suspended");

            // The bid panel she already had open refuses, and no bid is recorded.
            await Ui.BidAsync(mallory, 30m);
            await Expect(mallory.GetByTestId("notice")).ToContainTextAsync("suspended");
            await Expect(mallory.GetByTestId("bid-count")).ToHaveTextAsync("0 bids");

            // Her session has ended, and signing in again fails like any wrong password.
            await mallory.GotoAsync("/wallet");
            await mallory.WaitForURLAsync("**/account/signin**");
            await Ui.SignInAsync(mallory, "mallory@web.test");
            await Expect(mallory.GetByRole(AriaRole.Alert)).ToContainTextAsync("The email or password is wrong");

            // An admin cannot suspend themself: the page explains instead of failing.
            await admin.GetByRole(AriaRole.Button, new() { Name = "Suspend Administrator" }).ClickAsync();
            await Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync("You cannot suspend yourself");

            await admin.GetByRole(AriaRole.Button, new() { Name = "Restore mallory" }).ClickAsync();
            await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("User restored");
            await Ui.SignInAsync(mallory, "mallory@web.test");
            await Expect(mallory.GetByRole(AriaRole.Link, new() { Name = "mallory" })).ToBeVisibleAsync();
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(ASuspendedUserCannotBidFromAnOpenPageNorSignInAgainUntilRestored));
            throw;
        }
    }

    [Fact]
    public async Task AnAdminCancelsAnAuctionTheBidderSeesItLiveAndTheirHoldIsAvailableAgain()
    {
        await using var server = WebServer.Start(Ui.WithAdmin);
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var seller = await browser.NewPageAsync(server.BaseAddress);
            var buyer = await browser.NewPageAsync(server.BaseAddress);
            var admin = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(seller, "sue");
            var auction = await Ui.ListItemAsync(seller, "Copper kettle", 20m);
            await Ui.RegisterAsync(buyer, "bea");
            await Ui.DepositAsync(buyer, 100m);
            await Ui.OpenAuctionAsync(buyer, auction);
            await Ui.BidAsync(buyer, 40m);
            await Expect(buyer.GetByTestId("leading")).ToBeVisibleAsync();

            await Ui.SignInAsync(admin, Ui.AdminEmail);
            await admin.GotoAsync("/admin");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Cancel auction: Copper kettle" }).ClickAsync();
            await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Auction cancelled");
            await Expect(admin.GetByTestId("auctions")).ToHaveCountAsync(0);

            // The bidder's open page follows (published after commit, like any other change)...
            await Expect(buyer.GetByTestId("status")).ToHaveTextAsync("Cancelled");
            await Expect(buyer.GetByTestId("result")).ToHaveTextAsync("This auction was cancelled.");
            await Expect(buyer.GetByTestId("price-label")).ToHaveTextAsync("Highest bid"); // nothing was sold at a "final price"

            // ...and the hold is released: the whole deposit is available again.
            await buyer.GotoAsync("/wallet");
            await Expect(buyer.GetByTestId("held")).ToHaveTextAsync("$0.00");
            await Expect(buyer.GetByTestId("available")).ToHaveTextAsync("$100.00");
            await Expect(buyer.GetByTestId("ledger")).ToContainTextAsync("Auction cancelled: hold released");
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(AnAdminCancelsAnAuctionTheBidderSeesItLiveAndTheirHoldIsAvailableAgain));
            throw;
        }
    }

    [Fact]
    public async Task AnAdminSeesScheduledAuctionsWithTheirStartAndCancelsOneBeforeItOpens()
    {
        await using var server = WebServer.Start(Ui.WithAdmin);
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var seller = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(seller, "stan");
            var live = await Ui.ListItemAsync(seller, "Brass compass", 20m);
            await seller.GotoAsync("/sell");
            await seller.GetByLabel("Title").FillAsync("Music box");
            await seller.GetByLabel("Description").FillAsync("Listed by a browser test.");
            await seller.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Index = 1 });
            await seller.GetByLabel("Starting price").FillAsync("15");
            await seller.GetByLabel("Start (UTC, optional)").FillAsync($"{DateTime.UtcNow.Year + 1}-06-01T09:30");
            await seller.GetByRole(AriaRole.Button, new() { Name = "Create listing" }).ClickAsync();
            await seller.WaitForURLAsync("**/auctions/*");
            var scheduled = new Uri(seller.Url).PathAndQuery;
            await Expect(seller.GetByTestId("status")).ToHaveTextAsync("Scheduled");

            var admin = await browser.NewPageAsync(server.BaseAddress);
            await Ui.SignInAsync(admin, Ui.AdminEmail);
            await admin.GotoAsync("/admin");
            await Expect(admin.GetByTestId("auctions")).ToContainTextAsync("Brass compass");
            await Expect(admin.GetByTestId("auctions")).Not.ToContainTextAsync("Music box");
            var row = admin.GetByTestId("scheduled-auctions").GetByRole(AriaRole.Row).Filter(new() { HasText = "Music box" });
            await Expect(row).ToContainTextAsync("Scheduled");
            await Expect(row).ToContainTextAsync($"1 Jun {DateTime.UtcNow.Year + 1}, 09:30 UTC");
            await Expect(row).ToContainTextAsync("$15.00");
            await Expect(row.GetByRole(AriaRole.Link, new() { Name = "Music box" })).ToHaveAttributeAsync("href", scheduled);

            await row.GetByRole(AriaRole.Button, new() { Name = "Cancel auction: Music box" }).ClickAsync();
            await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Auction cancelled");
            await Expect(admin.GetByText("No scheduled auctions.")).ToBeVisibleAsync();
            await Expect(admin.GetByTestId("auctions")).ToContainTextAsync("Brass compass"); // only the one pressed
            await seller.GotoAsync(scheduled);
            await Expect(seller.GetByTestId("status")).ToHaveTextAsync("Cancelled");
            await seller.GotoAsync(live);
            await Expect(seller.GetByTestId("status")).ToHaveTextAsync("Live");

            // On a phone the page never scrolls sideways, and the tables stack so every row's button is on screen.
            await seller.GotoAsync("/sell");
            await seller.GetByLabel("Title").FillAsync("Pocket watch");
            await seller.GetByLabel("Description").FillAsync("Listed by a browser test.");
            await seller.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Index = 1 });
            await seller.GetByLabel("Starting price").FillAsync("15");
            await seller.GetByLabel("Start (UTC, optional)").FillAsync($"{DateTime.UtcNow.Year + 1}-07-01T10:00");
            await seller.GetByRole(AriaRole.Button, new() { Name = "Create listing" }).ClickAsync();
            await seller.WaitForURLAsync("**/auctions/*");
            await admin.SetViewportSizeAsync(390, 844);
            await admin.GotoAsync("/admin");
            Assert.True(await admin.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The admin page is wider than a phone's screen.");
            foreach (var button in new[] { "Suspend stan", "Cancel auction: Brass compass", "Cancel auction: Pocket watch" })
            {
                var box = await admin.GetByRole(AriaRole.Button, new() { Name = button }).BoundingBoxAsync();
                Assert.NotNull(box);
                Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"{button} is laid out at x {box.X} to {box.X + box.Width}, off a 390px screen.");
            }

            await Expect(admin.GetByTestId("scheduled-auctions").GetByRole(AriaRole.Cell, new() { Name = $"1 Jul {DateTime.UtcNow.Year + 1}, 10:00 UTC", Exact = true })).ToHaveCountAsync(1);
            await Shots.TakeAsync(admin, "admin-phone");
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(AnAdminSeesScheduledAuctionsWithTheirStartAndCancelsOneBeforeItOpens));
            throw;
        }
    }

    [Fact]
    public async Task AnAdminFindsAnyUserBySearchOrByPagingPastTheFirstPageAndSuspendsThemWithoutLosingTheSearch()
    {
        await using var server = WebServer.Start(Ui.WithAdmin);
        await using var browser = await Browser.LaunchAsync();
        try
        {
            // 120 accounts besides the admin; the oldest is the one to find, with a name that is not in its email.
            using (var scope = server.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<GavelDbContext>();
                var now = DateTimeOffset.UtcNow;
                for (var i = 1; i < 120; i++)
                {
                    var email = $"seeded{i:000}@web.test";
                    db.Users.Add(new User { Email = email, NormalizedEmail = email, DisplayName = $"Seeded {i:000}", PasswordHash = "!seeded", CreatedAt = now.AddMinutes(-i) });
                }

                db.Users.Add(new User { Email = "z.o@web.test", NormalizedEmail = "z.o@web.test", DisplayName = "Zed Oldest", PasswordHash = "!seeded", CreatedAt = now.AddYears(-1) });
                await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            }

            // Search and page are in the URL, so they stay behind the admin-only check like the page itself.
            var anonymous = await browser.NewPageAsync(server.BaseAddress);
            await anonymous.GotoAsync("/admin?q=zed&page=2");
            await anonymous.WaitForURLAsync("**/account/signin**");

            var admin = await browser.NewPageAsync(server.BaseAddress);
            await Ui.SignInAsync(admin, Ui.AdminEmail);
            await admin.GotoAsync("/admin");
            var users = admin.GetByTestId("users");
            await Expect(admin.GetByTestId("user-count")).ToHaveTextAsync("121 users");
            await Expect(users.Locator("tbody tr")).ToHaveCountAsync(50);
            await Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Suspend Zed Oldest" })).ToHaveCountAsync(0);

            // Paging reaches the oldest account, past the first 100.
            var pager = admin.GetByRole(AriaRole.Navigation, new() { Name = "Pages" });
            await pager.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
            await Expect(pager).ToContainTextAsync("Page 2 of 3");
            await Expect(users).ToContainTextAsync("Seeded 050");
            await pager.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
            await Expect(pager).ToContainTextAsync("Page 3 of 3");
            await Expect(users.Locator("tbody tr")).ToHaveCountAsync(21);
            await Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Suspend Zed Oldest" })).ToBeVisibleAsync();

            // The search is case-insensitive, by display name or email, and runs on the server (a plain GET form).
            await admin.GetByLabel("Find users (email or name)").FillAsync("zED olD");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Find", Exact = true }).ClickAsync();
            await admin.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/admin\?q=zED\+olD$"));
            await Expect(admin.GetByTestId("user-count")).ToHaveTextAsync("1 user matches “zED olD”");
            await Expect(users.Locator("tbody tr")).ToHaveCountAsync(1);
            await Expect(users).ToContainTextAsync("z.o@web.test");

            await admin.GetByLabel("Find users (email or name)").FillAsync("Z.O@WEB");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Find", Exact = true }).ClickAsync();
            await Expect(admin.GetByTestId("user-count")).ToHaveTextAsync("1 user matches “Z.O@WEB”");
            await Expect(admin.GetByRole(AriaRole.Navigation, new() { Name = "Pages" })).ToHaveCountAsync(0);

            // Suspending from the results keeps the search on screen, with the new state.
            await admin.GetByRole(AriaRole.Button, new() { Name = "Suspend Zed Oldest" }).ClickAsync();
            await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("User suspended");
            Assert.Contains("q=Z.O%40WEB", admin.Url, StringComparison.Ordinal);
            await Expect(users.Locator("tbody tr")).ToHaveCountAsync(1);
            await Expect(users.GetByRole(AriaRole.Row).Filter(new() { HasText = "Zed Oldest" })).ToContainTextAsync("Suspended");
            await Shots.TakeAsync(admin, "admin-users-search");
            using (var scope = server.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<GavelDbContext>();
                Assert.Equal(["z.o@web.test"], await db.Users.Where(u => u.IsSuspended).Select(u => u.Email).ToListAsync(TestContext.Current.CancellationToken));
            }

            // A mistyped page shows the first page rather than an error.
            var odd = await admin.GotoAsync("/admin?page=abc");
            Assert.Equal(200, odd!.Status);
            await Expect(users.Locator("tbody tr")).ToHaveCountAsync(50);

            await admin.GotoAsync("/admin?q=nobody-like-this");
            await Expect(admin.GetByText("No users match.")).ToBeVisibleAsync();
            await Expect(admin.GetByTestId("user-count")).ToHaveTextAsync("0 users match “nobody-like-this”");
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(AnAdminFindsAnyUserBySearchOrByPagingPastTheFirstPageAndSuspendsThemWithoutLosingTheSearch));
            throw;
        }
    }

    [Fact]
    public async Task AnAdminAddsACategorySellersCanChooseAndANonAdminIsDenied()
    {
        await using var server = WebServer.Start(Ui.WithAdmin);
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var admin = await browser.NewPageAsync(server.BaseAddress);
            var seller = await browser.NewPageAsync(server.BaseAddress);
            await Ui.SignInAsync(admin, Ui.AdminEmail);
            await admin.GotoAsync("/admin");

            // Bad input is explained, and nothing is added.
            await admin.GetByRole(AriaRole.Button, new() { Name = "Add category" }).ClickAsync();
            await Expect(admin.GetByText("Enter the category's name.")).ToBeVisibleAsync();

            await admin.GetByLabel("Category name").FillAsync("Vintage radios");
            await admin.GetByLabel("Put it under").SelectOptionAsync(new SelectOptionValue { Label = "Electronics" });
            await admin.GetByRole(AriaRole.Button, new() { Name = "Add category" }).ClickAsync();
            await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Vintage radios");
            await Expect(admin.GetByTestId("categories")).ToContainTextAsync("Vintage radios");

            await admin.GetByLabel("Category name").FillAsync("vintage  RADIOS");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Add category" }).ClickAsync();
            await Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync("already exists");

            // Sellers can list under it at once.
            await Ui.RegisterAsync(seller, "sol");
            await seller.GotoAsync("/sell");
            await Expect(seller.GetByLabel("Category").Locator("option", new() { HasText = "Vintage radios" })).ToHaveCountAsync(1);

            // A signed-in non-admin gets the denied page, and the header offers no admin link.
            await Expect(seller.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true })).ToHaveCountAsync(0);
            await seller.GotoAsync("/admin");
            await seller.WaitForURLAsync("**/account/denied**");
            await Expect(seller.GetByRole(AriaRole.Heading, new() { Name = "You cannot open this page" })).ToBeVisibleAsync();
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(AnAdminAddsACategorySellersCanChooseAndANonAdminIsDenied));
            throw;
        }
    }

    [Fact]
    public async Task AnAdminReadsTheShillReviewQueueWithItsReasonsAndDismissesAReview()
    {
        await using var server = WebServer.Start(Ui.WithAdmin);
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var seller = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(seller, "sam");
            var auction = await Ui.ListItemAsync(seller, "Oak chess set", 20m);
            var bidder = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(bidder, "shelly");

            // The scan that queues reviews is tested with the API; here one is queued as it would leave it.
            using (var scope = server.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<GavelDbContext>();
                var users = await db.Users.ToDictionaryAsync(u => u.Email, u => u.Id, TestContext.Current.CancellationToken);
                db.ShillReviews.Add(new ShillReview
                {
                    AuctionId = Guid.Parse(auction.Split('/')[^1]),
                    BidderId = users["shelly@web.test"],
                    SellerId = users["sam@web.test"],
                    Probability = 0.87,
                    Reasons = "Raised their own lead 3 times\nLost every auction of this seller they bid on",
                    Features = "0.5,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8",
                    CreatedAt = DateTimeOffset.UtcNow,
                });
                await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            }

            var admin = await browser.NewPageAsync(server.BaseAddress);
            await Ui.SignInAsync(admin, Ui.AdminEmail);
            await admin.GotoAsync("/admin");
            var row = admin.GetByTestId("shill-reviews").GetByRole(AriaRole.Row, new() { Name = "shelly" });
            await Expect(row).ToContainTextAsync("Oak chess set");
            await Expect(row).ToContainTextAsync("Raised their own lead 3 times");
            await Expect(row).ToContainTextAsync("87%");
            await Expect(row.GetByRole(AriaRole.Link, new() { Name = "Oak chess set" })).ToHaveAttributeAsync("href", auction);

            await Shots.TakeAsync(admin, "shill-reviews");

            // On a phone the queue stacks like the other admin tables: no sideways scrolling, both buttons on screen.
            await admin.SetViewportSizeAsync(390, 844);
            await admin.GotoAsync("/admin");
            Assert.True(await admin.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The admin page is wider than a phone's screen.");
            foreach (var button in new[] { "Confirm", "Dismiss" })
            {
                var box = await row.GetByRole(AriaRole.Button, new() { Name = button }).BoundingBoxAsync();
                Assert.NotNull(box);
                Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"{button} is laid out at x {box.X} to {box.X + box.Width}, off a 390px screen.");
            }

            await Expect(row.GetByRole(AriaRole.Cell, new() { Name = "87%", Exact = true })).ToHaveCountAsync(1);
            await Shots.TakeAsync(admin, "shill-reviews-phone");
            await row.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();
            await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Review dismissed");
            await Expect(admin.GetByText("No open reviews.")).ToBeVisibleAsync();
            using (var scope = server.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<GavelDbContext>();
                Assert.Equal(ShillReviewStatus.Dismissed, (await db.ShillReviews.SingleAsync(TestContext.Current.CancellationToken)).Status);
            }
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(AnAdminReadsTheShillReviewQueueWithItsReasonsAndDismissesAReview));
            throw;
        }
    }
}

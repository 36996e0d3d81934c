using Gavel.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gavel.Web.Tests;

public sealed class MarketplaceInTheBrowserTests
{
    [Fact]
    public async Task TwoBuyersBidAgainstEachOtherLiveAndTheWinnersWalletShowsTheCapture()
    {
        await using var server = WebServer.Start(s =>
        {
            s["Workers:CloserEnabled"] = "true";
            s["Auctions:MinimumDuration"] = "00:00:05";
            s["Auctions:MaxExtensionMinutes"] = "0";
        });
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var alice = await browser.NewPageAsync(server.BaseAddress);
            var bob = await browser.NewPageAsync(server.BaseAddress);
            var seller = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(alice, "alice");
            await Ui.DepositAsync(alice, 500m);
            await Ui.RegisterAsync(bob, "bob");
            await Ui.DepositAsync(bob, 500m);
            await Ui.RegisterAsync(seller, "sally");

            // Bad input on the listing form is explained next to the fields.
            await seller.GotoAsync("/sell");
            await seller.GetByLabel("Duration", new() { Exact = true }).FillAsync("");
            await seller.GetByRole(AriaRole.Button, new() { Name = "Create listing" }).ClickAsync();
            await Expect(seller.GetByText("Give the item a title.")).ToBeVisibleAsync();
            await Expect(seller.GetByText("Choose a category.")).ToBeVisibleAsync();
            await Expect(seller.GetByText("Enter a starting price.")).ToBeVisibleAsync();

            await seller.GetByLabel("Title").FillAsync("Brass ship's bell");
            await seller.GetByLabel("Description").FillAsync("A polished brass bell from a 1950s trawler.");
            await seller.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Index = 1 });
            await seller.GetByLabel("Starting price").FillAsync("10");
            await seller.GetByLabel("Duration", new() { Exact = true }).FillAsync("0.75");
            await seller.GetByLabel("Duration unit").SelectOptionAsync("minutes");
            await seller.GetByRole(AriaRole.Button, new() { Name = "Create listing" }).ClickAsync();
            await seller.WaitForURLAsync("**/auctions/*");
            await Expect(seller.GetByRole(AriaRole.Heading, new() { Name = "Brass ship's bell" })).ToBeVisibleAsync();
            var auctionUrl = new Uri(seller.Url).PathAndQuery;

            await Ui.OpenAuctionAsync(alice, auctionUrl);
            await Ui.OpenAuctionAsync(bob, auctionUrl);

            // A bid below the minimum is refused with the reason.
            await Ui.BidAsync(alice, 5m);
            await Expect(alice.GetByTestId("notice")).ToContainTextAsync("below the minimum");

            await Ui.BidAsync(alice, 40m);
            await Expect(alice.GetByTestId("leading")).ToBeVisibleAsync();
            await Expect(bob.GetByTestId("bid-count")).ToHaveTextAsync("1 bid"); // live, without a reload
            await Expect(bob.GetByTestId("price")).ToHaveTextAsync("$10.00");

            await Ui.BidAsync(bob, 60m);
            await Expect(bob.GetByTestId("leading")).ToBeVisibleAsync();
            await Expect(alice.GetByTestId("outbid")).ToBeVisibleAsync(); // the loser is told, live
            await Expect(alice.GetByTestId("price")).ToContainTextAsync("$4"); // 40 + increment
            await Expect(alice.GetByTestId("history")).ToContainTextAsync("Bidder 2");
            await Shots.TakeAsync(alice, "auction-outbid");

            // The closer ends and settles the auction; both pages follow without a reload.
            await Expect(bob.GetByTestId("result")).ToContainTextAsync("You won", new() { Timeout = 90_000 });
            await Expect(alice.GetByTestId("result")).ToContainTextAsync("Sold");
            await Shots.TakeAsync(bob, "auction-won");

            // Settling is the closer's step after ending, so the capture may land a moment after "You won".
            var ledger = bob.GetByTestId("ledger");
            for (var attempt = 0; attempt < 30; attempt++)
            {
                await bob.GotoAsync("/wallet");
                if ((await ledger.InnerTextAsync()).Contains("Won auction: paid from the hold", StringComparison.Ordinal))
                {
                    break;
                }

                await bob.WaitForTimeoutAsync(2000);
            }

            await Expect(ledger).ToContainTextAsync("Won auction: paid from the hold");
            await Expect(bob.GetByTestId("balance")).ToHaveTextAsync("$459.00"); // 500 deposited, 41 captured
            await Expect(bob.GetByTestId("held")).ToHaveTextAsync("$0.00");
            await Shots.TakeAsync(bob, "wallet-after-win");
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(TwoBuyersBidAgainstEachOtherLiveAndTheWinnersWalletShowsTheCapture));
            throw;
        }
    }

    [Fact]
    public async Task SignInWithAWrongPasswordSaysSoAndTheApiStillAnswersProblemDetails()
    {
        await using var server = WebServer.Start();
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(page, "carol");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).First.ClickAsync();
            await page.GotoAsync("/account/signin");
            await page.GetByLabel("Email").FillAsync("carol@web.test");
            await page.GetByLabel("Password").FillAsync("not the password");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The email or password is wrong");

            await page.GetByLabel("Password").FillAsync(Ui.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "carol" })).ToBeVisibleAsync();

            // The session cookie is not readable by scripts.
            Assert.DoesNotContain("gavel.session", await page.EvaluateAsync<string>("() => document.cookie"));

            var missing = await page.GotoAsync("/no-such-page");
            Assert.Equal(404, missing!.Status);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
            var api = await page.APIRequest.GetAsync("/api/no-such-thing");
            Assert.Equal(404, api.Status);
            Assert.Equal("application/problem+json", api.Headers["content-type"]);
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(SignInWithAWrongPasswordSaysSoAndTheApiStillAnswersProblemDetails));
            throw;
        }
    }
}

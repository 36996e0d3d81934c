using Gavel.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gavel.Web.Tests;

public sealed class SellingTests
{
    [Fact]
    public async Task ASellerSavesADraftEditsItAndPublishesItAndMyListingsShowsItLive()
    {
        await using var server = WebServer.Start();
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(page, "sam");
            await page.GotoAsync("/sell");
            await page.GetByLabel("Title").FillAsync("Walnut writing desk");
            await page.GetByLabel("Description").FillAsync("Solid walnut, three drawers.");
            await page.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Index = 2 });
            await page.GetByLabel("Starting price").FillAsync("120");
            await page.GetByLabel("Buy-now price (optional)").FillAsync("50");
            await page.GetByLabel("Publish now").UncheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Create listing" }).ClickAsync();

            // A rule the form cannot check itself comes back from the domain as a message.
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("buy-now");
            await page.GetByLabel("Buy-now price (optional)").FillAsync("");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create listing" }).ClickAsync();
            await page.WaitForURLAsync("**/sell/listings");
            await Expect(page.GetByRole(AriaRole.Row, new() { Name = "Walnut writing desk" })).ToContainTextAsync("Draft");

            await page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
            await page.GetByLabel("Title").FillAsync("Walnut writing desk, 1930s");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
            await Shots.TakeAsync(page, "edit-listing");

            await page.GetByRole(AriaRole.Button, new() { Name = "Publish now" }).ClickAsync();
            await page.WaitForURLAsync("**/auctions/*");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Walnut writing desk, 1930s" })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("status")).ToHaveTextAsync("Live");

            await page.GotoAsync("/sell/listings");
            await Expect(page.GetByRole(AriaRole.Row, new() { Name = "Walnut writing desk, 1930s" })).ToContainTextAsync("Live");
            await Shots.TakeAsync(page, "my-listings");
            await page.GotoAsync("/wallet");
            await Shots.TakeAsync(page, "wallet");
            await page.GotoAsync("/sell");
            await Shots.TakeAsync(page, "sell");
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(ASellerSavesADraftEditsItAndPublishesItAndMyListingsShowsItLive));
            throw;
        }
    }

    [Fact]
    public async Task ASellerCancelsAListingBeforeTheFirstBidAndItLeavesTheSite()
    {
        await using var server = WebServer.Start();
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(page, "sam");
            var auction = await Ui.ListItemAsync(page, "Brass desk lamp", 25m);
            var id = auction.Split('/')[^1];
            await page.GotoAsync($"/sell/{id}");

            // Cancelling cannot be undone, so it takes a tick as well as the button.
            await page.GetByLabel("Yes, cancel").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Cancel listing" }).ClickAsync();
            await page.WaitForURLAsync($"**/auctions/{id}");
            await Expect(page.GetByTestId("status")).ToHaveTextAsync("Cancelled");
            await Expect(page.GetByTestId("result")).ToHaveTextAsync("This auction was cancelled.");

            await page.GotoAsync("/sell/listings");
            await Expect(page.GetByRole(AriaRole.Row, new() { Name = "Brass desk lamp" })).ToContainTextAsync("Cancelled");
            await page.GotoAsync("/auctions");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Brass desk lamp" })).ToHaveCountAsync(0);
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(ASellerCancelsAListingBeforeTheFirstBidAndItLeavesTheSite));
            throw;
        }
    }

    [Fact]
    public async Task OnceAListingHasBidsItsEditPageLocksTheItemAndOnlyAddsToTheDescription()
    {
        await using var server = WebServer.Start();
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var seller = await browser.NewPageAsync(server.BaseAddress);
            var buyer = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(seller, "seller");
            var auction = await Ui.ListItemAsync(seller, "Oak chess set", 20m);
            var id = auction.Split('/')[^1];
            await Ui.RegisterAsync(buyer, "buyer");
            await Ui.DepositAsync(buyer, 100m);

            // The seller opens the edit page before any bid and renames the item; a bid lands before they save.
            await seller.GotoAsync($"/sell/{id}");
            await seller.GetByLabel("Title").FillAsync("Plastic chess set");
            await Ui.OpenAuctionAsync(buyer, auction);
            await Ui.BidAsync(buyer, 30m);
            await Expect(buyer.GetByTestId("leading")).ToBeVisibleAsync();
            await seller.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
            await Expect(seller.GetByRole(AriaRole.Alert)).ToContainTextAsync("title cannot change once a bid has been placed");

            // Redrawn locked, showing what is saved rather than the refused title.
            await Expect(seller.GetByLabel("Title")).ToHaveValueAsync("Oak chess set");
            await Expect(seller.GetByLabel("Title")).Not.ToBeEditableAsync();
            await Expect(seller.GetByLabel("Category")).Not.ToBeEditableAsync();
            await Expect(seller.GetByLabel("Condition")).Not.ToBeEditableAsync();
            await Expect(seller.GetByLabel("Description", new() { Exact = true })).Not.ToBeEditableAsync();
            await Expect(seller.GetByText("the description can only be added to")).ToBeVisibleAsync();

            await seller.GetByLabel("Add to the description").FillAsync("Comes with the original box.");
            await seller.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
            await Expect(seller.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
            await Expect(seller.GetByLabel("Add to the description")).ToHaveValueAsync("");
            await Shots.TakeAsync(seller, "edit-listing-with-bids");

            await seller.GotoAsync(auction);
            await Expect(seller.GetByRole(AriaRole.Heading, new() { Name = "Oak chess set" })).ToBeVisibleAsync();
            var description = seller.Locator(".description");
            await Expect(description).ToContainTextAsync("Listed by a browser test.");
            await Expect(description).ToContainTextAsync("Comes with the original box.");
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(OnceAListingHasBidsItsEditPageLocksTheItemAndOnlyAddsToTheDescription));
            throw;
        }
    }

    [Fact]
    public async Task OnAPlatformWhoseCurrencyIsNotDollarsCardsAndListsShowThatCurrency()
    {
        await using var server = WebServer.Start(s => s["Auctions:Currency"] = "EUR");
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(page, "sam");
            var auction = await Ui.ListItemAsync(page, "Brass desk lamp", 25m);
            await Expect(page.GetByTestId("price")).ToHaveTextAsync("25.00 EUR");

            await page.GotoAsync("/auctions");
            await Expect(page.Locator(".card", new() { HasText = "Brass desk lamp" }).Locator(".price")).ToHaveTextAsync("25.00 EUR");
            await page.GotoAsync("/sell/listings");
            await Expect(page.GetByRole(AriaRole.Row, new() { Name = "Brass desk lamp" })).ToContainTextAsync("25.00 EUR");
            await Expect(page.GetByRole(AriaRole.Row, new() { Name = "Brass desk lamp" })).Not.ToContainTextAsync("$");
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(OnAPlatformWhoseCurrencyIsNotDollarsCardsAndListsShowThatCurrency));
            throw;
        }
    }

    [Fact]
    public async Task ASellerSchedulesTheStartInUtcAndAStartThatHasPassedIsExplainedKeepingTheForm()
    {
        await using var server = WebServer.Start();
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(page, "sam");
            await page.GotoAsync("/sell");
            await page.GetByLabel("Title").FillAsync("Walnut writing desk");
            await page.GetByLabel("Description").FillAsync("Solid walnut, three drawers.");
            await page.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Index = 2 });
            await page.GetByLabel("Starting price").FillAsync("120");
            await page.GetByLabel("Start (UTC, optional)").FillAsync(DateTime.UtcNow.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
            await page.GetByRole(AriaRole.Button, new() { Name = "Create listing" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("has passed");
            await Expect(page.GetByLabel("Title")).ToHaveValueAsync("Walnut writing desk");

            var start = DateTime.UtcNow.AddHours(2);
            await page.GetByLabel("Start (UTC, optional)").FillAsync(start.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
            await page.GetByRole(AriaRole.Button, new() { Name = "Create listing" }).ClickAsync();
            await page.WaitForURLAsync("**/auctions/*");
            await Expect(page.GetByTestId("status")).ToHaveTextAsync("Scheduled");
            await Expect(page.GetByTestId("opens")).ToContainTextAsync("Bidding opens in");
            await Expect(page.GetByTestId("opens")).ToContainTextAsync(start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC");

            await page.GotoAsync("/auctions?status=scheduled");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Walnut writing desk" })).ToBeVisibleAsync();
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(ASellerSchedulesTheStartInUtcAndAStartThatHasPassedIsExplainedKeepingTheForm));
            throw;
        }
    }

    [Fact]
    public async Task ADraftKeptPastItsEndGetsALaterEndOnItsEditPageAndIsPublished()
    {
        await using var server = WebServer.Start(s => s["Auctions:MinimumDuration"] = "00:00:02");
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(page, "sam");
            await page.GotoAsync("/sell");
            await page.GetByLabel("Title").FillAsync("Walnut writing desk");
            await page.GetByLabel("Description").FillAsync("Solid walnut, three drawers.");
            await page.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Index = 2 });
            await page.GetByLabel("Starting price").FillAsync("120");
            await page.GetByLabel("Duration", new() { Exact = true }).FillAsync("0.05");
            await page.GetByLabel("Duration unit").SelectOptionAsync("minutes");
            await page.GetByLabel("Publish now").UncheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Create listing" }).ClickAsync();
            await page.WaitForURLAsync("**/sell/listings");
            await page.WaitForTimeoutAsync(3_500); // the draft's three seconds pass

            await page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Publish now" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Set a later end below");

            var end = DateTime.UtcNow.AddDays(2);
            await page.GetByLabel("Ends (UTC)").FillAsync(end.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
            await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Publish now" }).ClickAsync();
            await page.WaitForURLAsync("**/auctions/*");
            await Expect(page.GetByTestId("status")).ToHaveTextAsync("Live");
            await Expect(page.GetByTestId("countdown")).ToContainTextAsync("1d");
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(ADraftKeptPastItsEndGetsALaterEndOnItsEditPageAndIsPublished));
            throw;
        }
    }
}

using Gavel.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gavel.Web.Tests;

public sealed class WalletPageTests
{
    [Fact]
    public async Task AWithdrawalAboveTheAvailableMoneySaysHowMuchCanBeWithdrawnAndChangesNothing()
    {
        await using var server = WebServer.Start();
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(page, "wendy");
            await Ui.DepositAsync(page, 50m);

            await page.GetByLabel("Amount to withdraw").FillAsync("1000");
            await page.GetByRole(AriaRole.Button, new() { Name = "Withdraw", Exact = true }).ClickAsync();
            var alert = page.GetByRole(AriaRole.Alert);
            await Expect(alert).ToContainTextAsync("You can withdraw at most $50.00");
            await Expect(alert).Not.ToContainTextAsync("deposit");
            await Expect(page.GetByTestId("available")).ToHaveTextAsync("$50.00");
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(AWithdrawalAboveTheAvailableMoneySaysHowMuchCanBeWithdrawnAndChangesNothing));
            throw;
        }
    }

    [Fact]
    public async Task OnAPhoneTheWalletHistoryShowsEveryAmountWithoutScrollingSidewaysAndStaysATable()
    {
        await using var server = WebServer.Start();
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync(server.BaseAddress);
            await page.SetViewportSizeAsync(390, 844);
            await Ui.RegisterAsync(page, "penny");
            await Ui.DepositAsync(page, 1234.56m);
            await page.GetByLabel("Amount to withdraw").FillAsync("34.5");
            await page.GetByRole(AriaRole.Button, new() { Name = "Withdraw", Exact = true }).ClickAsync();
            await Expect(page.GetByTestId("available")).ToHaveTextAsync("$1,200.06");

            var ledger = page.GetByTestId("ledger");
            foreach (var amount in new[] { "+$1,234.56", "−$34.50" })
            {
                // Measured where it is laid out, without scrolling it into view (which would scroll the table's box).
                var cells = await ledger.GetByText(amount, new() { Exact = true }).AllAsync();
                Assert.NotEmpty(cells);
                foreach (var cell in cells)
                {
                    var box = await cell.BoundingBoxAsync();
                    Assert.NotNull(box);
                    Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"{amount} is laid out at x {box.X} to {box.X + box.Width}, off a 390px screen.");
                }
            }

            Assert.True(await ledger.EvaluateAsync<bool>("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth"), "The wallet history scrolls sideways in its box.");
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The wallet page is wider than a phone's screen.");

            // Stacked for the eye, still a table with its column headers for a screen reader.
            await Expect(page.GetByRole(AriaRole.Table)).ToHaveCountAsync(1);
            await Expect(ledger.GetByRole(AriaRole.Columnheader, new() { Name = "Amount" })).ToHaveCountAsync(1);
            await Expect(ledger.GetByRole(AriaRole.Cell, new() { Name = "+$1,234.56", Exact = true })).ToHaveCountAsync(1);
            await Shots.TakeAsync(page, "wallet-phone");
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(OnAPhoneTheWalletHistoryShowsEveryAmountWithoutScrollingSidewaysAndStaysATable));
            throw;
        }
    }

    [Fact]
    public async Task ABuyNowReadsAsAFinalPriceAndAsAPaymentInTheWalletHistory()
    {
        await using var server = WebServer.Start();
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var seller = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(seller, "sam");
            await seller.GotoAsync("/sell");
            await seller.GetByLabel("Title").FillAsync("Teak side table");
            await seller.GetByLabel("Description").FillAsync("Listed by a browser test.");
            await seller.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Index = 1 });
            await seller.GetByLabel("Starting price").FillAsync("20");
            await seller.GetByLabel("Buy-now price (optional)").FillAsync("80");
            await seller.GetByRole(AriaRole.Button, new() { Name = "Create listing" }).ClickAsync();
            await seller.WaitForURLAsync("**/auctions/*");
            var auction = new Uri(seller.Url).PathAndQuery;

            var buyer = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(buyer, "bella");
            await Ui.DepositAsync(buyer, 100m);
            await Ui.OpenAuctionAsync(buyer, auction);
            await buyer.GetByRole(AriaRole.Button, new() { Name = "Buy now for $80.00" }).ClickAsync();
            await buyer.GetByRole(AriaRole.Button, new() { Name = "Confirm purchase" }).ClickAsync();
            await Expect(buyer.GetByTestId("result")).ToContainTextAsync("You won this auction for $80.00");

            // Sold without a bid: the $80.00 is what it sold for, not its $20.00 starting price.
            await Expect(buyer.GetByTestId("price")).ToHaveTextAsync("$80.00");
            await Expect(buyer.Locator("aside").GetByText("Starting price", new() { Exact = true })).ToHaveCountAsync(0);
            await Expect(buyer.Locator("aside").GetByText("Final price", new() { Exact = true })).ToBeVisibleAsync();

            await buyer.GotoAsync("/wallet");
            var payment = buyer.GetByTestId("ledger").GetByRole(AriaRole.Row).Filter(new() { HasText = "−$80.00" });
            await Expect(payment).ToContainTextAsync("Bought now: paid from your wallet");
            await Expect(payment).Not.ToContainTextAsync("rest of the hold returned");
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(ABuyNowReadsAsAFinalPriceAndAsAPaymentInTheWalletHistory));
            throw;
        }
    }
}

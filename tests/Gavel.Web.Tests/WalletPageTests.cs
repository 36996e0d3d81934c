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

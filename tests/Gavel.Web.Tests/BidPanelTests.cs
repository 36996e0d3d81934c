using Gavel.Web.Tests.Infrastructure;
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
}

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
}

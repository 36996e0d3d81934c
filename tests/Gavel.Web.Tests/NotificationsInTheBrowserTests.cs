using Gavel.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gavel.Web.Tests;

public sealed class NotificationsInTheBrowserTests
{
    [Fact]
    public async Task AnOutbidBuyerOnAnotherPageSeesTheBadgeRiseAndAToastThenReadsItInTheInbox()
    {
        await using var server = WebServer.Start();
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var seller = await browser.NewPageAsync(server.BaseAddress);
            var alice = await browser.NewPageAsync(server.BaseAddress);
            var bob = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(seller, "sam");
            var auction = await Ui.ListItemAsync(seller, "Walnut writing desk", 50m);
            await Ui.RegisterAsync(alice, "alice");
            await Ui.DepositAsync(alice, 500m);
            await Ui.RegisterAsync(bob, "bob");
            await Ui.DepositAsync(bob, 500m);

            await Ui.OpenAuctionAsync(alice, auction);
            await Ui.BidAsync(alice, 80m);
            await Expect(alice.GetByTestId("leading")).ToBeVisibleAsync();

            // Alice moves on to her wallet; the header's live parts connect there.
            await Ui.OpenLivePageAsync(alice, "/wallet");
            var before = await Ui.UnreadCountAsync(alice);

            await Ui.OpenAuctionAsync(bob, auction);
            await Ui.BidAsync(bob, 120m);
            await Expect(bob.GetByTestId("leading")).ToBeVisibleAsync();

            // Without a reload: the count rises by one and the outbid toast appears.
            await Expect(alice.GetByTestId("unread-count")).ToHaveTextAsync((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            var toast = alice.GetByTestId("toast").And(alice.Locator("[data-kind=outbid]"));
            await Expect(toast).ToBeVisibleAsync();
            await Expect(toast).ToContainTextAsync("Walnut writing desk");
            await Expect(alice.GetByTestId("toasts")).ToHaveAttributeAsync("aria-live", "polite");
            Assert.EndsWith("/wallet", alice.Url, StringComparison.Ordinal);
            await Shots.TakeAsync(alice, "outbid-toast");

            // The inbox lists it newest first, links to the auction, and marking it read lowers the count.
            await alice.GetByTestId("bell").ClickAsync();
            await alice.WaitForURLAsync("**/notifications");
            var newest = alice.GetByTestId("notification").First;
            await Expect(newest).ToHaveAttributeAsync("data-kind", "outbid");
            await Expect(newest.GetByRole(AriaRole.Link, new() { Name = "View auction" })).ToHaveAttributeAsync("href", auction);
            await newest.GetByRole(AriaRole.Button, new() { Name = "Mark read" }).ClickAsync();
            await Expect(alice.GetByRole(AriaRole.Status)).ToContainTextAsync("Marked as read");
            Assert.Equal(before, await Ui.UnreadCountAsync(alice)); // as the page arrives, not only once the circuit catches up

            await alice.GetByRole(AriaRole.Button, new() { Name = "Mark all read" }).ClickAsync();
            await Expect(alice.GetByTestId("inbox-summary")).ToContainTextAsync("0 unread");
            await Expect(alice.GetByTestId("unread-count")).ToHaveCountAsync(0);

            // A mistyped address shows the list rather than an error page.
            var odd = await alice.GotoAsync("/notifications?page=abc&unread=maybe");
            Assert.Equal(200, odd!.Status);
            await Expect(alice.GetByTestId("notification")).Not.ToHaveCountAsync(0);
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(AnOutbidBuyerOnAnotherPageSeesTheBadgeRiseAndAToastThenReadsItInTheInbox));
            throw;
        }
    }

    [Fact]
    public async Task PreferencesSaveAndReloadAndABadTimeZoneIsExplainedWithoutSaving()
    {
        await using var server = WebServer.Start();
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(page, "prue");
            await page.GotoAsync("/notifications/preferences");
            var outbidEmail = page.GetByLabel("You were outbid: email");
            var wonPush = page.GetByLabel("You won an auction: push");
            await Expect(outbidEmail).ToBeCheckedAsync();
            await Expect(wonPush).ToBeCheckedAsync();

            await outbidEmail.UncheckAsync();
            await wonPush.UncheckAsync();
            await page.GetByLabel("Hold emails during quiet hours").CheckAsync();
            await page.GetByLabel("Quiet from").FillAsync("21:30");
            await page.GetByLabel("Quiet until").FillAsync("06:45");
            await page.GetByLabel("Your time zone").FillAsync("Europe/Paris");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save preferences" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Preferences saved");

            await page.ReloadAsync();
            await Expect(page.GetByLabel("You were outbid: email")).Not.ToBeCheckedAsync();
            await Expect(page.GetByLabel("You won an auction: push")).Not.ToBeCheckedAsync();
            await Expect(page.GetByLabel("You were outbid: push")).ToBeCheckedAsync();
            await Expect(page.GetByLabel("Hold emails during quiet hours")).ToBeCheckedAsync();
            await Expect(page.GetByLabel("Quiet from")).ToHaveValueAsync("21:30");
            await Expect(page.GetByLabel("Quiet until")).ToHaveValueAsync("06:45");
            await Expect(page.GetByLabel("Your time zone")).ToHaveValueAsync("Europe/Paris");

            // A time zone that does not exist is explained, and nothing changes.
            await page.GetByLabel("You were outbid: email").CheckAsync();
            await page.GetByLabel("Your time zone").FillAsync("Mars/Olympus_Mons");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save preferences" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not a known time zone");
            await page.ReloadAsync();
            await Expect(page.GetByLabel("You were outbid: email")).Not.ToBeCheckedAsync();
            await Expect(page.GetByLabel("Your time zone")).ToHaveValueAsync("Europe/Paris");
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(PreferencesSaveAndReloadAndABadTimeZoneIsExplainedWithoutSaving));
            throw;
        }
    }
}

using Microsoft.Playwright;

namespace Gavel.Web.Tests.Infrastructure;

/// <summary>What a person does in the app, step by step through the real pages.</summary>
public static class Ui
{
    public const string Password = "correct horse battery staple";

    public static async Task RegisterAsync(IPage page, string name)
    {
        await page.GotoAsync("/account/register");
        await page.GetByLabel("Display name").FillAsync(name);
        await page.GetByLabel("Email").FillAsync($"{name}@web.test");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        // Usually a test's first request to its server: a cold server's first form post, with the deliberately slow
        // password hash, once passed the default 15 s on a loaded CI machine although it then reached the wallet.
        await page.WaitForURLAsync("**/wallet?welcome=1", new() { Timeout = 45_000 });
    }

    public const string AdminEmail = "admin@web.test";

    /// <summary>Server settings that create the admin at start (Auth:BootstrapAdmin*), as a fresh install would.</summary>
    public static void WithAdmin(Dictionary<string, string?> settings)
    {
        settings["Auth:BootstrapAdminEmail"] = AdminEmail;
        settings["Auth:BootstrapAdminPassword"] = Password;
    }

    /// <summary>Fills in the sign-in form; the caller checks where it leads.</summary>
    public static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    public static async Task DepositAsync(IPage page, decimal amount)
    {
        await page.GotoAsync("/wallet");
        await page.GetByLabel("Amount to deposit").FillAsync(amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Deposit", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Or(page.Locator(".alert.success")).First).ToContainTextAsync("added to your wallet");
    }

    /// <summary>Waits until the interactive bid panel is connected (the circuit replaced the prerendered HTML).</summary>
    public static async Task OpenAuctionAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
        await page.WaitForTimeoutAsync(1500);
    }

    /// <summary>Opens a page and waits until the header's live parts (bell, toasts) are subscribed over the circuit.</summary>
    public static async Task OpenLivePageAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await Assertions.Expect(page.GetByTestId("bell")).ToHaveAttributeAsync("data-live", "on");
        await Assertions.Expect(page.GetByTestId("toasts")).ToHaveAttributeAsync("data-live", "on");
    }

    /// <summary>The unread count on the header's bell; no badge means none.</summary>
    public static async Task<int> UnreadCountAsync(IPage page)
    {
        var badge = page.GetByTestId("unread-count");
        return await badge.CountAsync() == 0 ? 0 : int.Parse(await badge.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task BidAsync(IPage page, decimal max)
    {
        await page.GetByLabel("Your maximum bid").FillAsync(max.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Place bid" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm bid" }).ClickAsync();
    }

    /// <summary>Lists and publishes an item; returns the auction page's path.</summary>
    public static async Task<string> ListItemAsync(IPage page, string title, decimal startingPrice, string duration = "1", string unit = "days")
    {
        await page.GotoAsync("/sell");
        await page.GetByLabel("Title").FillAsync(title);
        await page.GetByLabel("Description").FillAsync("Listed by a browser test.");
        await page.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("Starting price").FillAsync(startingPrice.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Duration", new() { Exact = true }).FillAsync(duration);
        await page.GetByLabel("Duration unit").SelectOptionAsync(unit);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create listing" }).ClickAsync();
        await page.WaitForURLAsync("**/auctions/*");
        return new Uri(page.Url).PathAndQuery;
    }
}

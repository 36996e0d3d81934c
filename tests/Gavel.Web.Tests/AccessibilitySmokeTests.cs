using Gavel.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gavel.Web.Tests;

/// <summary>A smoke test, not an audit: labels, one h1, heading order and keyboard reach on the main pages, the admin page included.</summary>
public sealed class AccessibilitySmokeTests
{
    private const string Audit = """
        () => {
          const visible = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
          const problems = [];
          for (const input of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
            if (!visible(input)) continue;
            const labelled = (input.id && document.querySelector(`label[for="${input.id}"]`)) || input.closest('label')
              || input.getAttribute('aria-label') || input.getAttribute('aria-labelledby');
            if (!labelled) problems.push('no label: ' + (input.name || input.id || input.outerHTML.slice(0, 60)));
          }
          const h1s = document.querySelectorAll('h1').length;
          if (h1s !== 1) problems.push(`${h1s} h1 elements`);
          let last = 0;
          for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
            const level = +h.tagName[1];
            if (last && level > last + 1) problems.push(`heading jumps from h${last} to h${level}: ${h.textContent.trim()}`);
            last = level;
          }
          return problems;
        }
        """;

    private const string Focusable = """
        () => [...document.querySelectorAll('a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea')]
          .filter(e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length) && e.tabIndex >= 0).length
        """;

    [Fact]
    public async Task MainPagesHaveLabelsOneH1OrderedHeadingsAndEveryControlReachableByTab()
    {
        await using var server = WebServer.Start(Ui.WithAdmin);
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync(server.BaseAddress);
        var problems = new List<string>();
        try
        {
            foreach (var path in new[] { "/", "/auctions", "/account/signin", "/account/register" })
            {
                await CheckAsync(page, path, problems);
            }

            await Ui.RegisterAsync(page, "dana");
            foreach (var path in new[] { "/wallet", "/sell", "/sell/listings", "/my/bids", "/my/watchlist", "/account", "/notifications", "/notifications/preferences" })
            {
                await CheckAsync(page, path, problems);
            }

            // The whole bid history, with a line of dana's own marked "(you)".
            var seller = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(seller, "sol");
            var auction = await Ui.ListItemAsync(seller, "Copper kettle", 20m);
            await Ui.DepositAsync(page, 100m);
            await Ui.OpenAuctionAsync(page, auction);
            await Ui.BidAsync(page, 30m);
            await Expect(page.GetByTestId("bid-count")).ToHaveTextAsync("1 bid");
            await CheckAsync(page, $"{auction}/bids", problems);

            // The admin page, with users, a live auction and its forms.
            var admin = await browser.NewPageAsync(server.BaseAddress);
            await Ui.SignInAsync(admin, Ui.AdminEmail);
            await Expect(admin.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true })).ToBeVisibleAsync();
            await CheckAsync(admin, "/admin", problems);

            Assert.Empty(problems);
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(MainPagesHaveLabelsOneH1OrderedHeadingsAndEveryControlReachableByTab));
            throw;
        }
    }

    private static async Task CheckAsync(IPage page, string path, List<string> problems)
    {
        await page.GotoAsync(path);
        if (new Uri(page.Url).AbsolutePath != path)
        {
            // A redirect (to sign in, say) would audit some other page and pass for the wrong reason.
            problems.Add($"{path}: landed on {new Uri(page.Url).AbsolutePath} instead");
            return;
        }

        problems.AddRange((await page.EvaluateAsync<string[]>(Audit)).Select(p => $"{path}: {p}"));

        // Tab through the page: every visible control must receive focus, in some order, before focus cycles.
        var expected = await page.EvaluateAsync<int>(Focusable);
        var reached = new HashSet<string>();
        // A time input takes a Tab per part (hours, minutes, AM/PM), so allow up to two stops a control.
        for (var i = 0; i < 2 * expected + 5 && reached.Count(r => !r.StartsWith("<body", StringComparison.Ordinal) && r.Length > 0) < expected; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached.Add(await page.EvaluateAsync<string>(
                "() => { const e = document.activeElement; return e ? e.outerHTML.slice(0, 200) + '@' + [...document.querySelectorAll('*')].indexOf(e) : ''; }"));
        }

        reached.RemoveWhere(r => r.StartsWith("<body", StringComparison.Ordinal) || r.Length == 0);
        if (reached.Count < expected)
        {
            problems.Add($"{path}: Tab reached {reached.Count} of {expected} focusable controls");
        }
    }
}

using Gavel.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gavel.Web.Tests;

/// <summary>
/// A smoke test, not an audit: labels, one h1, heading order, names of links and buttons that keep their visible words,
/// one main landmark and named duplicate landmarks, text contrast and keyboard reach on the main pages, admin included.
/// </summary>
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
          // Names: every link and button has one, and an aria-label keeps the words a sighted user sees (WCAG 2.5.3,
          // so "click Cancel auction" by voice still finds it). Hidden decorations and screen-reader-only text are not "seen".
          const seen = e => { const c = e.cloneNode(true); c.querySelectorAll('[aria-hidden=true], .visually-hidden').forEach(x => x.remove()); return c.textContent.replace(/\s+/g, ' ').trim(); };
          for (const e of document.querySelectorAll('a[href], button, [role=button], input[type=submit], input[type=button]')) {
            if (!visible(e)) continue;
            const label = (e.getAttribute('aria-label') || '').trim();
            const labelledBy = (e.getAttribute('aria-labelledby') || '').split(' ').map(id => document.getElementById(id)?.textContent || '').join(' ').trim();
            const text = seen(e) || e.getAttribute('title') || [...e.querySelectorAll('img[alt]')].map(i => i.alt).join(' ').trim() || e.value || '';
            if (!label && !labelledBy && !text) problems.push('no name: ' + e.outerHTML.slice(0, 80));
            if (label && seen(e) && !label.toLowerCase().includes(seen(e).toLowerCase())) problems.push(`name "${label}" leaves out its visible text "${seen(e)}"`);
          }
          // Landmarks: one main, and every nav and search told apart by name when there is more than one.
          const mains = document.querySelectorAll('main, [role=main]').length;
          if (mains !== 1) problems.push(`${mains} main landmarks`);
          for (const kind of ['nav, [role=navigation]', '[role=search]']) {
            const all = [...document.querySelectorAll(kind)];
            if (all.length > 1 && all.some(e => !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))) problems.push(`${all.length} unnamed ${kind} landmarks`);
          }
          // Contrast (WCAG 1.4.3): text against the nearest opaque background behind it, 4.5:1, or 3:1 for large text.
          const rgba = s => (s.match(/[\d.]+/g) || []).map(Number);
          const lum = ([r, g, b]) => { const f = c => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
          const behind = e => { for (let n = e; n; n = n.parentElement) { const c = rgba(getComputedStyle(n).backgroundColor); if (c.length === 3 || c[3] > 0) return c; } return [255, 255, 255]; };
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          const checked = new Set();
          for (let t = walker.nextNode(); t; t = walker.nextNode()) {
            const e = t.parentElement;
            if (!t.textContent.trim() || !e || checked.has(e) || !visible(e) || e.closest('[aria-hidden=true], .visually-hidden, .skip-link, [disabled], script, style')) continue;
            checked.add(e);
            const style = getComputedStyle(e);
            const [l1, l2] = [lum(rgba(style.color)), lum(behind(e))].sort((a, b) => b - a);
            const ratio = (l1 + 0.05) / (l2 + 0.05);
            const size = parseFloat(style.fontSize), bold = +style.fontWeight >= 700;
            const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
            if (ratio < needed) problems.push(`contrast ${ratio.toFixed(2)}:1 (needs ${needed}): ${t.textContent.trim().slice(0, 40)}`);
          }
          return problems;
        }
        """;

    private const string Focusable = """
        () => [...document.querySelectorAll('a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea')]
          .filter(e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length) && e.tabIndex >= 0).length
        """;

    [Fact]
    public async Task MainPagesHaveLabelsNamesLandmarksContrastOneH1OrderedHeadingsAndEveryControlReachableByTab()
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
            await browser.ScreenshotAllAsync(nameof(MainPagesHaveLabelsNamesLandmarksContrastOneH1OrderedHeadingsAndEveryControlReachableByTab));
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

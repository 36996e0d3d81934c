using Microsoft.Playwright;

namespace Gavel.Web.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright; never a downloaded browser. Each browser gets a fresh profile
/// directory. Without Chromium the test is skipped, except under CI=true where that is a failure.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright playwright;
    private readonly string profile;
    private readonly List<IBrowserContext> contexts = [];

    private Browser(IPlaywright playwright, string profile)
    {
        this.playwright = playwright;
        this.profile = profile;
    }

    public static async Task<Browser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            var reason = $"Chromium is not installed at {ChromiumPath} (apt-get install -y chromium).";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(reason);
            }

            Assert.Skip(reason);
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        return new Browser(playwright, Path.Combine(Path.GetTempPath(), "gavel-chromium-" + Guid.NewGuid().ToString("N")));
    }

    /// <summary>
    /// A separate browser profile: its own cookies, as a second person on another machine. Without JavaScript the
    /// pages stay as the server rendered them, as they are before the interactive circuit connects.
    /// </summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, bool javaScript = true)
    {
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile + "-" + contexts.Count, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            JavaScriptEnabled = javaScript,
        });
        context.SetDefaultTimeout(15_000);
        contexts.Add(context);
        return context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
    }

    /// <summary>Saves a screenshot of every open page under TestResults, named after the test.</summary>
    public async Task ScreenshotAllAsync(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(folder);
        for (var i = 0; i < contexts.Count; i++)
        {
            foreach (var page in contexts[i].Pages)
            {
                try
                {
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-{i}.png"), FullPage = true });
                }
                catch (PlaywrightException)
                {
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in contexts)
        {
            await context.CloseAsync();
        }

        playwright.Dispose();
        for (var i = 0; i < contexts.Count; i++)
        {
            try
            {
                Directory.Delete(profile + "-" + i, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

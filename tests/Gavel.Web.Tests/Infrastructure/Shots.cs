using Microsoft.Playwright;

namespace Gavel.Web.Tests.Infrastructure;

/// <summary>Screenshots for looking at the pages by eye: taken only when GAVEL_SCREENSHOTS is set.</summary>
public static class Shots
{
    public static async Task TakeAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("GAVEL_SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}

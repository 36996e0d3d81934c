using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gavel.Images.Tests.Support;
using Gavel.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gavel.Web.Tests;

public sealed partial class PhotoTests
{
    [Fact]
    public async Task ASellerUploadsPhotosWatchesThemBecomeReadyLiveAndABuyerSeesThemInTheGallery()
    {
        await using var server = WebServer.Start();
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var seller = await browser.NewPageAsync(server.BaseAddress);
            var buyer = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(seller, "pia");
            await Ui.RegisterAsync(buyer, "ben");
            var auctionUrl = await Ui.ListItemAsync(seller, "Brass carriage clock", 40m);
            var auctionId = auctionUrl.Split('/').Last();

            // The seller's own page offers the photos; the edit page's photo manager connects its circuit.
            await Expect(seller.GetByTestId("gallery-empty")).ToContainTextAsync("No photos yet");
            await seller.GetByRole(AriaRole.Link, new() { Name = "Manage photos" }).ClickAsync();
            await seller.WaitForURLAsync($"**/sell/{auctionId}*");
            var files = seller.GetByLabel("Add photos");
            await Expect(files).ToBeEnabledAsync();
            await seller.EvaluateAsync("() => window.stillTheSamePage = true");

            // Two photos at once; they are processed by the server's worker while the page waits.
            await files.SetInputFilesAsync(new[]
            {
                new FilePayload { Name = "front.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg(1600, 1200, seed: 91) },
                new FilePayload { Name = "small-side.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg(640, 480, seed: 92) },
            });
            await Expect(seller.GetByTestId("photo-notice")).ToContainTextAsync("2 photos uploaded");
            var photos = seller.GetByTestId("photo");
            await Expect(photos).ToHaveCountAsync(2);
            await Expect(photos.Nth(0).GetByTestId("photo-status")).ToHaveTextAsync("Ready", new() { Timeout = 60_000 });
            await Expect(photos.Nth(1).GetByTestId("photo-status")).ToHaveTextAsync("Ready", new() { Timeout = 60_000 });
            Assert.True(await seller.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "The page reloaded.");
            await Expect(seller.GetByTestId("photo-announcement")).ToContainTextAsync("is ready."); // said to screen readers too
            await Expect(photos.Nth(1).GetByTestId("photo-tips")).ToContainTextAsync("This photo is small"); // a quality tip, as text
            await Expect(photos.Nth(0).Locator("img")).ToHaveJSPropertyAsync("complete", true);

            // Refusals read as sentences, with the file named.
            await files.SetInputFilesAsync(new FilePayload { Name = "front-again.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg(1600, 1200, seed: 91) });
            await Expect(seller.GetByTestId("photo-notice")).ToContainTextAsync("This photo is already in the listing.");
            await files.SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "not a photo"u8.ToArray() });
            await Expect(seller.GetByTestId("photo-notice")).ToContainTextAsync("The file is not a supported image. notes.txt:");
            await Expect(photos).ToHaveCountAsync(2);

            // The small side shot becomes the cover.
            await photos.Nth(1).GetByRole(AriaRole.Button, new() { Name = "Make cover" }).ClickAsync();
            await Expect(photos.Nth(0).GetByTestId("photo-tips")).ToContainTextAsync("This photo is small");
            await photos.Nth(0).GetByRole(AriaRole.Button, new() { Name = "Move photo 1 later" }).ClickAsync();
            await Expect(photos.Nth(1).GetByTestId("photo-tips")).ToContainTextAsync("This photo is small");
            await Shots.TakeAsync(seller, "photo-manager");

            // The buyer: the cover leads the gallery, WebP and JPEG sizes for the browser to pick, thumbnails to switch.
            await buyer.GotoAsync(auctionUrl);
            var main = buyer.GetByTestId("gallery-main");
            await Expect(main).ToHaveAttributeAsync("alt", "Brass carriage clock, photo 1 of 2");
            var webp = await buyer.Locator("[data-testid=gallery] figure source[type='image/webp']").GetAttributeAsync("srcset");
            var jpeg = await main.GetAttributeAsync("srcset");
            var webpUrls = SrcsetUrls().Matches(webp!).Select(m => m.Groups["url"].Value).ToList();
            Assert.Equal(3, webpUrls.Count); // thumbnail, card and full
            foreach (var url in webpUrls)
            {
                var response = await buyer.APIRequest.GetAsync(url);
                Assert.Equal(200, response.Status);
                Assert.Equal("image/webp", response.Headers["content-type"]);
            }

            foreach (Match m in SrcsetUrls().Matches(jpeg!))
            {
                var response = await buyer.APIRequest.GetAsync(m.Groups["url"].Value);
                Assert.Equal((200, "image/jpeg"), (response.Status, response.Headers["content-type"]));
            }

            Assert.EndsWith(".webp", await main.EvaluateAsync<string>("img => img.currentSrc"), StringComparison.Ordinal); // Chromium took the WebP
            Assert.True(await main.EvaluateAsync<int>("img => img.naturalWidth") > 0);
            Assert.Equal("true", await buyer.GetByTestId("gallery-thumb").Nth(0).GetAttributeAsync("aria-current"));
            await buyer.GetByRole(AriaRole.Link, new() { Name = "Show photo 2 of 2" }).ClickAsync();
            await Expect(main).ToHaveAttributeAsync("alt", "Brass carriage clock, photo 2 of 2");
            await Expect(buyer.GetByTestId("gallery-thumb").Nth(1)).ToHaveAttributeAsync("aria-current", "true");
            await Shots.TakeAsync(buyer, "auction-gallery");
            await buyer.GotoAsync(auctionUrl + "?photo=2"); // what the thumbnail link does without JavaScript: the server picks
            await Expect(main).ToHaveAttributeAsync("alt", "Brass carriage clock, photo 2 of 2");

            // The card in search shows the cover's thumbnail; the photo manager is not the buyer's to see.
            await buyer.GotoAsync("/auctions?q=carriage");
            var card = buyer.GetByTestId("card-photo");
            await Expect(card).ToHaveAttributeAsync("src", new Regex("_thumbnail_[0-9a-f]{16}\\.jpg$"));
            await Expect(card).ToHaveJSPropertyAsync("complete", true);
            await buyer.GotoAsync($"/sell/{auctionId}");
            await Expect(buyer.GetByTestId("photo-manager")).ToHaveCountAsync(0);
            await Expect(buyer.GetByLabel("Add photos")).ToHaveCountAsync(0);
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(ASellerUploadsPhotosWatchesThemBecomeReadyLiveAndABuyerSeesThemInTheGallery));
            throw;
        }
    }

    [Fact]
    public async Task CreateAndAddPhotosGoesStraightToTheNewListingsPhotos()
    {
        await using var server = WebServer.Start();
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(page, "rui");
            await page.GotoAsync("/sell");
            await page.GetByLabel("Title").FillAsync("Enamel coffee pot");
            await page.GetByLabel("Description").FillAsync("Blue enamel, 1960s.");
            await page.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Index = 1 });
            await page.GetByLabel("Starting price").FillAsync("12");
            await page.GetByLabel("Publish now").UncheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Create and add photos" }).ClickAsync();

            await page.WaitForURLAsync("**/sell/*#photos");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Photos" })).ToBeVisibleAsync();
            await Expect(page.GetByLabel("Add photos")).ToBeEnabledAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Publish now" })).ToBeVisibleAsync(); // still a draft
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(CreateAndAddPhotosGoesStraightToTheNewListingsPhotos));
            throw;
        }
    }

    /// <summary>
    /// The circuit outlives the request whose cookie was checked: a seller suspended while the edit page is open can
    /// neither add nor delete photos from it, as the bid panel already refuses a suspended bidder.
    /// </summary>
    [Fact]
    public async Task ASuspendedSellerCannotChangePhotosFromAnOpenEditPage()
    {
        await using var server = WebServer.Start(Ui.WithAdmin);
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var seller = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(seller, "sly");
            var auctionId = (await Ui.ListItemAsync(seller, "Copper kettle", 15m)).Split('/').Last();
            await seller.GotoAsync($"/sell/{auctionId}");
            var files = seller.GetByLabel("Add photos");
            await Expect(files).ToBeEnabledAsync();
            await files.SetInputFilesAsync(new FilePayload { Name = "kettle.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg(800, 600, seed: 31) });
            await Expect(seller.GetByTestId("photo")).ToHaveCountAsync(1);

            using (var http = new HttpClient { BaseAddress = server.BaseAddress })
            {
                var login = await http.PostAsJsonAsync("api/auth/login", new { email = Ui.AdminEmail, password = Ui.Password });
                login.EnsureSuccessStatusCode();
                var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var users = await http.GetFromJsonAsync<JsonObject>("api/admin/users?q=sly");
                var id = users!["items"]![0]!["id"]!.GetValue<Guid>();
                (await http.PostAsync($"api/admin/users/{id}/suspend", null)).EnsureSuccessStatusCode();
            }

            await files.SetInputFilesAsync(new FilePayload { Name = "lid.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg(800, 600, seed: 32) });
            await Expect(seller.GetByTestId("photo-notice")).ToContainTextAsync("suspended");
            await seller.GetByRole(AriaRole.Button, new() { Name = "Delete photo 1" }).ClickAsync();
            await seller.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
            await Expect(seller.GetByTestId("photo-notice")).ToContainTextAsync("suspended");

            await Expect(seller.GetByTestId("photo")).ToHaveCountAsync(1);
            await using var scope = server.Services.CreateAsyncScope();
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<Gavel.Core.Data.GavelDbContext>().AuctionImages.CountAsync());
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(ASuspendedSellerCannotChangePhotosFromAnOpenEditPage));
            throw;
        }
    }

    [GeneratedRegex(@"(?<url>\S+) \d+w")]
    private static partial Regex SrcsetUrls();
}

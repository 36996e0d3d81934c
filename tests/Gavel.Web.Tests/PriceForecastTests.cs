using System.Globalization;
using System.Text.Json.Nodes;
using Gavel.Pricing.Estimates;
using Gavel.Pricing.History;
using Gavel.Pricing.Lifecycle;
using Gavel.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gavel.Web.Tests;

/// <summary>
/// The price model in the pages: the sell form's estimate and the auction page's live forecast, from a model
/// trained on made-up sold auctions (as the server's pricing tests do), and the plain "not enough data" without one.
/// </summary>
public sealed class PriceForecastTests
{
    [Fact]
    public async Task TheSellFormEstimatesAndTheAuctionPageShowsTheForecastRangeUpdatedByBids()
    {
        await using var server = WebServer.Start(s => s["Pricing:ModelDirectory"] = TrainedModelFolder());
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var seller = await browser.NewPageAsync(server.BaseAddress);
            var buyer = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(seller, "seller");

            await FillListingAsync(seller, "Seiko diver watch", 40m);
            await seller.GetByRole(AriaRole.Button, new() { Name = "Estimate price" }).ClickAsync();
            await Expect(seller.GetByTestId("estimate")).ToContainTextAsync("comparable sales");
            await Expect(seller.GetByTestId("estimate-range")).ToContainTextAsync("$");
            // The form keeps what was entered: the listing is created from the same page.
            await seller.GetByRole(AriaRole.Button, new() { Name = "Create listing" }).ClickAsync();
            await seller.WaitForURLAsync("**/auctions/*");
            var auction = new Uri(seller.Url).PathAndQuery;
            // The edit page shows the estimate of the listing as saved.
            await seller.GotoAsync("/sell/" + auction.Split('/')[^1]);
            await Expect(seller.GetByTestId("estimate")).ToContainTextAsync("comparable sales");

            await Ui.RegisterAsync(buyer, "buyer");
            await Ui.DepositAsync(buyer, 500m);
            await Ui.OpenAuctionAsync(buyer, auction);
            await Expect(buyer.GetByTestId("forecast")).ToContainTextAsync("80% range");
            await Expect(buyer.GetByTestId("forecast")).ToContainTextAsync("comparable sales");

            await Ui.BidAsync(buyer, 150m);
            await Expect(buyer.GetByTestId("bid-count")).ToHaveTextAsync("1 bid");
            // The panel shows the API's answer for the auction as it is now, with the bid.
            var api = JsonNode.Parse(await (await buyer.APIRequest.GetAsync($"/api{auction}/forecast")).TextAsync())!;
            Assert.Equal("ok", api["status"]!.GetValue<string>());
            var median = api["median"]!.GetValue<decimal>().ToString("C2", CultureInfo.GetCultureInfo("en-US"));
            await Expect(buyer.GetByTestId("forecast-median")).ToHaveTextAsync(median);
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(TheSellFormEstimatesAndTheAuctionPageShowsTheForecastRangeUpdatedByBids));
            throw;
        }
    }

    [Fact]
    public async Task WithoutAModelThePagesSayThereIsNotEnoughDataYet()
    {
        await using var server = WebServer.Start(s => s["Pricing:ModelDirectory"] = Directory.CreateTempSubdirectory("gavel-web-nomodel-").FullName);
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var seller = await browser.NewPageAsync(server.BaseAddress);
            await Ui.RegisterAsync(seller, "seller");
            await FillListingAsync(seller, "Seiko diver watch", 40m);
            await seller.GetByRole(AriaRole.Button, new() { Name = "Estimate price" }).ClickAsync();
            await Expect(seller.GetByTestId("estimate")).ToContainTextAsync("not enough data yet");

            var auction = await Ui.ListItemAsync(seller, "Seiko diver watch", 40m);
            var visitor = await browser.NewPageAsync(server.BaseAddress);
            await Ui.OpenAuctionAsync(visitor, auction);
            await Expect(visitor.GetByTestId("forecast")).ToContainTextAsync("not enough data yet");
            await Expect(visitor.GetByTestId("forecast")).Not.ToContainTextAsync("$");
        }
        catch
        {
            await browser.ScreenshotAllAsync(nameof(WithoutAModelThePagesSayThereIsNotEnoughDataYet));
            throw;
        }
    }

    private static async Task FillListingAsync(IPage page, string title, decimal startingPrice)
    {
        await page.GotoAsync("/sell");
        await page.GetByLabel("Title").FillAsync(title);
        await page.GetByLabel("Description").FillAsync("Listed by a browser test.");
        var watches = await page.Locator("#category option", new() { HasTextRegex = new("^\\W*Watches$") }).GetAttributeAsync("value");
        await page.GetByLabel("Category").SelectOptionAsync(watches!);
        await page.GetByLabel("Starting price").FillAsync(startingPrice.ToString(CultureInfo.InvariantCulture));
        await page.GetByLabel("Duration", new() { Exact = true }).FillAsync("1");
        await page.GetByLabel("Duration unit").SelectOptionAsync("days");
    }

    /// <summary>A model trained on made-up sold auctions (watches among them), saved where the test server reads models.</summary>
    private static string TrainedModelFolder()
    {
        var folder = Directory.CreateTempSubdirectory("gavel-web-models-").FullName;
        var sold = SyntheticHistory.Generate(400);
        var model = PriceModelTrainer.Train(
            sold,
            new PriceTrainingOptions { Forest = new ForestOptions(Trees: 30) },
            new ModelManifest("pricing-20260101T000000000Z", DateTimeOffset.UnixEpoch, ModelManifest.CurrentFormat, LiveSignal.Visible, [], 0, 0, sold.Count, "USD", null));
        new ModelStore(folder).Save(model, null);
        return folder;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Gavel.Server.Tests.Infrastructure;

namespace Gavel.Server.Tests.Pricing;

public sealed class PricingServiceFallbackTests
{
    [Fact]
    public async Task WhenThePricingServiceIsDownEstimatesAndForecastsSayNoEstimateQuickly()
    {
        await using var app = await GavelApp.StartAsync(configure: settings =>
        {
            settings["Pricing:ServiceUrl"] = "http://127.0.0.1:9/"; // nothing listens on the discard port
            settings["Pricing:ServiceTimeout"] = "00:00:00.500";
            settings["Pricing:ModelDirectory"] = PricingModels.Folder; // even with a local model, the service is asked
        });
        var seller = await app.CreateUserAsync();
        var auction = await PricingApiTests.CreateAuctionAsync(app, seller, "Seiko diver watch", "watches", 40m, TimeSpan.FromDays(3));
        var watch = Stopwatch.StartNew();

        var estimate = await app.Anonymous().PostAsJsonAsync("/api/estimates", new { title = "Seiko diver watch", startingPrice = 50, durationDays = 7 });
        var forecast = await app.Anonymous().GetAsync($"/api/auctions/{auction}/forecast");

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        foreach (var response in new[] { estimate, forecast })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.ReadJsonAsync();
            Assert.Equal("insufficient_data", body["status"]!.GetValue<string>());
            Assert.Contains("pricing service is unavailable", body["reason"]!.GetValue<string>());
        }
    }
}

using System.Security.Claims;
using Gavel.Server.Components.Pricing;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gavel.Server.Tests.Pricing;

/// <summary>The auction page's forecast is computed once per auction and bid count and shared by its viewers.</summary>
public sealed class PageForecastsTests
{
    [Fact]
    public async Task ViewersShareOneForecastUntilTheNextBidAndEndedAuctionsGetNone()
    {
        await using var app = await GavelApp.StartAsync(configure: PricingModels.Using(PricingModels.Folder));
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 500m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 50m, title: "Seiko SKX007 automatic diver");
        var forecasts = app.Services.GetRequiredService<PageForecasts>();
        var (alice, bob) = (new ClaimsPrincipal(), new ClaimsPrincipal());

        var first = await forecasts.GetAsync(auctionId, alice, bidCount: 0, "live");
        Assert.NotNull(first);
        Assert.Same(first, await forecasts.GetAsync(auctionId, bob, bidCount: 0, "live"));

        await bidder.BidAsync(auctionId, 120m);
        var afterBid = await forecasts.GetAsync(auctionId, alice, bidCount: 1, "live");
        Assert.NotSame(first, afterBid);
        Assert.Same(afterBid, await forecasts.GetAsync(auctionId, bob, bidCount: 1, "live"));

        Assert.Null(await forecasts.GetAsync(auctionId, alice, bidCount: 1, "ended"));
    }
}

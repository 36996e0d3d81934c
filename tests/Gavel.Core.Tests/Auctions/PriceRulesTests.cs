using Gavel.Core.Auctions;
using Gavel.Core.Common;

namespace Gavel.Core.Tests.Auctions;

public sealed class PriceRulesTests
{
    public static TheoryData<string, decimal, decimal?, decimal?> ValidPrices => new()
    {
        // case, starting price, reserve, buy-now
        { "starting price only", 5m, null, null },
        { "reserve equal to the starting price", 5m, 5m, null },
        { "reserve and buy-now", 5m, 50m, 80m },
        { "buy-now equal to the reserve", 5m, 50m, 50m },
        { "buy-now a cent above the starting price", 5m, null, 5.01m },
    };

    [Theory]
    [MemberData(nameof(ValidPrices))]
    public void PricesMayChangeBeforeTheFirstBid(string @case, decimal startingPrice, decimal? reserve, decimal? buyNow)
    {
        var scenario = AuctionScenario.Live(reserve: 100m, buyNow: 300m);

        scenario.Auction.ChangePriceRules(startingPrice, reserve, buyNow);

        var auction = scenario.Auction;
        Assert.True((startingPrice, reserve, buyNow) == (auction.StartingPrice, auction.ReservePrice, auction.BuyNowPrice), @case);
        Assert.Equal(startingPrice, auction.MinimumNextBid);
    }

    public static TheoryData<string, decimal, decimal?, decimal?> InvalidPrices => new()
    {
        // case, starting price, reserve, buy-now
        { "reserve below the starting price", 10m, 9.99m, null },
        { "buy-now equal to the starting price", 10m, null, 10m },
        { "buy-now below the starting price", 10m, null, 5m },
        { "buy-now below the reserve", 10m, 50m, 49.99m },
    };

    [Theory]
    [MemberData(nameof(InvalidPrices))]
    public void InconsistentPricesAreRefused(string @case, decimal startingPrice, decimal? reserve, decimal? buyNow)
    {
        var scenario = AuctionScenario.Live(reserve: 100m, buyNow: 300m);

        var error = Assert.Throws<GavelRuleException>(() => scenario.Auction.ChangePriceRules(startingPrice, reserve, buyNow));

        Assert.True(error.Code == "invalid_prices", $"{@case}: {error.Code}");
        Assert.Equal(422, error.Status);
        Assert.Equal((10m, 100m, 300m), (scenario.Auction.StartingPrice, scenario.Auction.ReservePrice!.Value, scenario.Auction.BuyNowPrice!.Value));
    }

    [Fact]
    public void PricesAreFixedOnceABidIsPlaced()
    {
        var scenario = AuctionScenario.Live(reserve: 100m);
        scenario.Bid(People.Alice, 50m);

        var error = Assert.Throws<GavelRuleException>(() => scenario.Auction.ChangePriceRules(5m, 60m, null));

        Assert.Equal("auction_has_bids", error.Code);
        Assert.Equal((10m, 100m), (scenario.Auction.StartingPrice, scenario.Auction.ReservePrice!.Value));
    }

    [Theory]
    [InlineData(AuctionStatus.Ended)]
    [InlineData(AuctionStatus.Settled)]
    [InlineData(AuctionStatus.Cancelled)]
    public void PricesAreFixedOnceTheAuctionIsOver(AuctionStatus status)
    {
        var scenario = AuctionScenario.InStatus(status);

        Assert.Equal("auction_not_live", Assert.Throws<GavelRuleException>(() => scenario.Auction.ChangePriceRules(5m, null, null)).Code);
    }
}

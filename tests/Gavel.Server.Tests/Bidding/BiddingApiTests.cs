using System.Net;
using Gavel.Core.Data;
using Gavel.Server.Tests.Infrastructure;

namespace Gavel.Server.Tests.Bidding;

public abstract class BiddingApiTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task ProxyBidsThroughHttpMoveThePriceAndTheHolds()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync("seller");
        var alice = await app.CreateUserAsync("alice", deposit: 500m);
        var bob = await app.CreateUserAsync("bob", deposit: 500m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m);

        var first = await alice.BidAsync(auctionId, 50m);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var receipt = await first.ReadJsonAsync();
        Assert.Equal(10m, receipt.Decimal("currentPrice"));
        Assert.True(receipt["leading"]!.GetValue<bool>());

        var second = await bob.BidAsync(auctionId, 30m);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var secondReceipt = await second.ReadJsonAsync();
        Assert.Equal(31m, secondReceipt.Decimal("currentPrice"));
        Assert.False(secondReceipt["leading"]!.GetValue<bool>());

        var auction = await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}");
        Assert.Equal(31m, auction.Decimal("currentPrice"));
        Assert.Equal("Bidder 1", auction["leader"]!.GetValue<string>());
        Assert.Equal(2, auction["bidCount"]!.GetValue<int>());

        var aliceWallet = await alice.Client.GetJsonAsync("/api/wallet");
        Assert.Equal(50m, aliceWallet.Decimal("held"));
        Assert.Equal(450m, aliceWallet.Decimal("available"));
        var bobWallet = await bob.Client.GetJsonAsync("/api/wallet");
        Assert.Equal(0m, bobWallet.Decimal("held"));
    }
}

public sealed class SqliteBiddingApiTests : BiddingApiTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresBiddingApiTests : BiddingApiTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

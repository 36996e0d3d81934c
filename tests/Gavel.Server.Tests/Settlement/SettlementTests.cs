using System.Net;
using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Core.Wallet;
using Gavel.Server.Tests.Infrastructure;
using Gavel.Server.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Tests.Settlement;

public abstract class SettlementTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task ClosingASoldAuctionCapturesThePriceAndPaysTheSellerLessTheFee()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var alice = await app.CreateUserAsync(deposit: 500m);
        var bob = await app.CreateUserAsync(deposit: 500m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 100m, duration: TimeSpan.FromMinutes(5));
        await alice.BidAsync(auctionId, 300m);
        await bob.BidAsync(auctionId, 200m); // price 202.50 with Alice leading

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await RunCloserAsync(app);

        var auction = await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}");
        Assert.Equal("settled", auction["status"]!.GetValue<string>());
        Assert.Equal(202.50m, auction.Decimal("finalPrice"));
        var aliceWallet = await alice.Client.GetJsonAsync("/api/wallet");
        Assert.Equal(297.50m, aliceWallet.Decimal("available"));
        Assert.Equal(0m, aliceWallet.Decimal("held"));
        Assert.Equal(500m, (await bob.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
        Assert.Equal(192.37m, (await seller.Client.GetJsonAsync("/api/wallet")).Decimal("available")); // 202.50 less 5% (10.13, rounded)
        var fees = await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.Account == LedgerAccount.PlatformFees).Select(e => e.Amount).ToListAsync());
        Assert.Equal(10.13m, fees.Sum());
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task AnAuctionEndingBelowItsReserveReleasesTheHoldUnsold()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 500m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m, reservePrice: 400m, duration: TimeSpan.FromMinutes(5));
        await bidder.BidAsync(auctionId, 300m);
        Assert.False((await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}"))["reserveMet"]!.GetValue<bool>());

        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await RunCloserAsync(app);

        var auction = await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}");
        Assert.Equal("settled", auction["status"]!.GetValue<string>());
        Assert.Null(auction["finalPrice"]);
        Assert.Equal(500m, (await bidder.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
        Assert.Equal(0m, (await seller.Client.GetJsonAsync("/api/wallet")).Decimal("balance"));
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task ACrashBetweenCloseAndSettlementSettlesExactlyOnceOnTheNextPass()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 500m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 50m, duration: TimeSpan.FromMinutes(5));
        await bidder.BidAsync(auctionId, 120m);
        app.Clock.Advance(TimeSpan.FromMinutes(5));

        // The close commits, then the process "dies" before settling.
        Assert.True(await app.WithDbAsync(db => AuctionSettlement.CloseAsync(db, auctionId, app.Clock, CancellationToken.None)));
        Assert.False(await app.WithDbAsync(db => AuctionSettlement.CloseAsync(db, auctionId, app.Clock, CancellationToken.None)));
        Assert.Equal("ended", (await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}"))["status"]!.GetValue<string>());

        await RunCloserAsync(app);
        await RunCloserAsync(app);
        var options = app.Services.GetRequiredService<IOptions<AuctionOptions>>().Value;
        Assert.False(await app.WithDbAsync(db => AuctionSettlement.SettleAsync(db, auctionId, options, app.Clock, CancellationToken.None)));

        var captures = await app.WithDbAsync(db => db.LedgerTransactions.CountAsync(t => t.AuctionId == auctionId && t.Kind == LedgerKind.Capture));
        Assert.Equal(1, captures);
        Assert.Equal(450m, (await bidder.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task OnePassEndsAndSettlesManyDueAuctionsEachExactlyOnce()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var alice = await app.CreateUserAsync(deposit: 10_000m);
        var bob = await app.CreateUserAsync(deposit: 10_000m);
        // More than one settlement chunk: sold (two bidders), sold (one bidder), unsold (no bids), and one not yet due.
        var sold = new List<Guid>();
        var unsold = new List<Guid>();
        for (var i = 0; i < 15; i++)
        {
            var contested = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m, duration: TimeSpan.FromMinutes(5));
            await alice.BidAsync(contested, 60m);
            await bob.BidAsync(contested, 40m); // Alice leads at 41
            var single = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m, duration: TimeSpan.FromMinutes(5));
            await bob.BidAsync(single, 25m); // Bob leads at 10
            sold.AddRange([contested, single]);
            unsold.Add(await app.CreateLiveAuctionAsync(seller, startingPrice: 10m, duration: TimeSpan.FromMinutes(5)));
        }

        var later = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m, duration: TimeSpan.FromMinutes(10));
        app.Clock.Advance(TimeSpan.FromMinutes(5));

        await RunCloserAsync(app);
        await RunCloserAsync(app);

        foreach (var id in sold.Concat(unsold))
        {
            Assert.Equal("settled", (await app.Anonymous().GetJsonAsync($"/api/auctions/{id}"))["status"]!.GetValue<string>());
        }

        Assert.Equal("live", (await app.Anonymous().GetJsonAsync($"/api/auctions/{later}"))["status"]!.GetValue<string>());
        var captures = await app.WithDbAsync(db => db.LedgerTransactions.CountAsync(t => t.Kind == LedgerKind.Capture));
        Assert.Equal(sold.Count, captures);
        Assert.Equal(10_000m - 15 * 41m, (await alice.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
        Assert.Equal(10_000m - 15 * 10m, (await bob.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
        Assert.Equal(0m, (await bob.Client.GetJsonAsync("/api/wallet")).Decimal("held"));
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task TheCloserWorkerEndsAuctionsOnTimeByItself()
    {
        await using var app = await GavelApp.StartAsync(Provider, s =>
        {
            s["Workers:CloserEnabled"] = "true";
            s["Auctions:MinimumDuration"] = "00:00:01";
        });
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 100m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, duration: TimeSpan.FromSeconds(30), softCloseMinutes: 0);
        await bidder.BidAsync(auctionId, 40m);

        app.Clock.Advance(TimeSpan.FromSeconds(30));

        // The worker waits on the fake clock; once time has passed it needs only a moment of real time to run.
        var status = "";
        for (var i = 0; i < 100 && status != "settled"; i++)
        {
            app.Clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(50, TestContext.Current.CancellationToken);
            status = (await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}"))["status"]!.GetValue<string>();
        }

        Assert.Equal("settled", status);
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task BuyNowCapturesAtOnceAndEndsTheAuction()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var buyer = await app.CreateUserAsync(deposit: 300m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 50m, buyNowPrice: 200m);

        var response = await buyer.Client.PostAsync($"/api/auctions/{auctionId}/buy-now", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var auction = await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}");
        Assert.Equal("settled", auction["status"]!.GetValue<string>());
        Assert.Equal(200m, auction.Decimal("finalPrice"));
        Assert.Equal(100m, (await buyer.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
        Assert.Equal(190m, (await seller.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
        var other = await app.CreateUserAsync(deposit: 300m);
        await ProblemAssert.IsProblemAsync(await other.BidAsync(auctionId, 60m), HttpStatusCode.Conflict, "auction_not_live");
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task BuyNowIsWithdrawnByTheFirstBidWithoutAReserve()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 300m);
        var buyer = await app.CreateUserAsync(deposit: 300m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 50m, buyNowPrice: 200m);
        Assert.Equal(200m, (await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}")).Decimal("buyNowPrice"));

        await bidder.BidAsync(auctionId, 60m);

        Assert.Null((await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}"))["buyNowPrice"]);
        await ProblemAssert.IsProblemAsync(await buyer.Client.PostAsync($"/api/auctions/{auctionId}/buy-now", null), HttpStatusCode.Conflict, "buy_now_unavailable");
    }

    [Fact]
    public async Task BuyNowWhileTheReserveIsUnmetReleasesTheLeadersHold()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 300m);
        var buyer = await app.CreateUserAsync(deposit: 300m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 50m, reservePrice: 150m, buyNowPrice: 200m);
        await bidder.BidAsync(auctionId, 100m);

        Assert.Equal(HttpStatusCode.OK, (await buyer.Client.PostAsync($"/api/auctions/{auctionId}/buy-now", null)).StatusCode);

        Assert.Equal(300m, (await bidder.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
        Assert.Equal(100m, (await buyer.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task AnAdminCancellingAnAuctionWithBidsReleasesEveryHold()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var admin = await app.CreateUserAsync(admin: true);
        var bidder = await app.CreateUserAsync(deposit: 300m);
        var auctionId = await app.CreateLiveAuctionAsync(seller);
        await bidder.BidAsync(auctionId, 80m);

        await ProblemAssert.IsProblemAsync(await seller.Client.PostAsync($"/api/auctions/{auctionId}/cancel", null), HttpStatusCode.Conflict, "auction_has_bids");
        await ProblemAssert.IsProblemAsync(await bidder.Client.PostAsync($"/api/auctions/{auctionId}/cancel", null), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PostAsync($"/api/auctions/{auctionId}/cancel", null)).StatusCode);

        Assert.Equal("cancelled", (await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}"))["status"]!.GetValue<string>());
        Assert.Equal(300m, (await bidder.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
        var transitions = await app.WithDbAsync(db => db.AuctionTransitions.Where(t => t.AuctionId == auctionId).OrderBy(t => t.Id).ToListAsync());
        Assert.Equal([AuctionStatus.Live, AuctionStatus.Cancelled], transitions.Select(t => t.To));
        Assert.Equal(admin.Id, transitions[^1].ActorId);
        await LedgerAssert.BalancedAsync(app);
    }

    private static async Task RunCloserAsync(GavelApp app) =>
        await app.Services.GetRequiredService<AuctionCloser>().RunOnceAsync(CancellationToken.None);
}

public sealed class SqliteSettlementTests : SettlementTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresSettlementTests : SettlementTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

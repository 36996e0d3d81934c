using System.Net;
using System.Net.Http.Json;
using Gavel.Core.Data;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

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
        Assert.Equal(1, receipt["sequence"]!.GetValue<long>());

        var second = await bob.BidAsync(auctionId, 30m);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var secondReceipt = await second.ReadJsonAsync();
        Assert.Equal(31m, secondReceipt.Decimal("currentPrice"));
        Assert.False(secondReceipt["leading"]!.GetValue<bool>());
        Assert.Equal(receipt["sequence"]!.GetValue<long>() + 1, secondReceipt["sequence"]!.GetValue<long>());

        var auction = await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}");
        Assert.Equal(31m, auction.Decimal("currentPrice"));
        Assert.Equal("Bidder 1", auction["leader"]!.GetValue<string>());
        Assert.Equal(2, auction["bidCount"]!.GetValue<int>());
        Assert.Equal(32m, auction.Decimal("minimumNextBid"));

        var aliceWallet = await alice.Client.GetJsonAsync("/api/wallet");
        Assert.Equal(50m, aliceWallet.Decimal("held"));
        Assert.Equal(450m, aliceWallet.Decimal("available"));
        Assert.Equal(500m, aliceWallet.Decimal("balance"));
        Assert.Equal(0m, (await bob.Client.GetJsonAsync("/api/wallet")).Decimal("held"));

        // Bob takes the lead: Alice's hold is released in the same transaction, Bob's maximum is held.
        var third = await bob.BidAsync(auctionId, 80m);
        Assert.Equal(51m, (await third.ReadJsonAsync()).Decimal("currentPrice"));
        Assert.Equal(0m, (await alice.Client.GetJsonAsync("/api/wallet")).Decimal("held"));
        Assert.Equal(80m, (await bob.Client.GetJsonAsync("/api/wallet")).Decimal("held"));
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task BidBelowMinimumIsRejectedWithTheMinimumInProblemDetails()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 100m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 20m);

        var problem = await ProblemAssert.IsProblemAsync(await bidder.BidAsync(auctionId, 19.99m), HttpStatusCode.Conflict, "bid_too_low");
        Assert.Equal(20m, problem["minimumBid"]!.GetValue<decimal>());
        Assert.Equal(0, (await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}"))["bidCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task SellerCannotBidOnOwnAuction()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync(deposit: 100m);
        var auctionId = await app.CreateLiveAuctionAsync(seller);
        await ProblemAssert.IsProblemAsync(await seller.BidAsync(auctionId, 50m), HttpStatusCode.Conflict, "own_auction");
    }

    [Fact]
    public async Task BidBeyondAvailableFundsIsRejectedAndChangesNothing()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 40m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m);
        var ledgerBefore = await LedgerAssert.CountAsync(app);

        await ProblemAssert.IsProblemAsync(await bidder.BidAsync(auctionId, 40.01m), HttpStatusCode.Conflict, "insufficient_funds");

        Assert.Equal(ledgerBefore, await LedgerAssert.CountAsync(app));
        Assert.Equal(40m, (await bidder.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
        Assert.Equal(0, (await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}"))["bidCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task FundsHeldOnOneAuctionCannotBeCommittedToAnother()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 100m);
        var first = await app.CreateLiveAuctionAsync(seller, title: "First item");
        var second = await app.CreateLiveAuctionAsync(seller, title: "Second item");

        Assert.Equal(HttpStatusCode.Created, (await bidder.BidAsync(first, 70m)).StatusCode);
        await ProblemAssert.IsProblemAsync(await bidder.BidAsync(second, 31m), HttpStatusCode.Conflict, "insufficient_funds");
        Assert.Equal(HttpStatusCode.Created, (await bidder.BidAsync(second, 30m)).StatusCode);
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task RaisingOwnMaximumHoldsOnlyTheDifferenceAndKeepsThePrice()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 200m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m);
        await bidder.BidAsync(auctionId, 50m);

        var raise = await (await bidder.BidAsync(auctionId, 120m)).ReadJsonAsync();

        Assert.Equal(10m, raise.Decimal("currentPrice"));
        Assert.True(raise["leading"]!.GetValue<bool>());
        Assert.Equal(120m, (await bidder.Client.GetJsonAsync("/api/wallet")).Decimal("held"));
        Assert.Equal(120m, (await bidder.Client.GetJsonAsync($"/api/auctions/{auctionId}"))["you"]!["yourMaxBid"]!.GetValue<decimal>());
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task BidAtOrAfterTheEndIsRefusedEvenBeforeTheCloserRuns()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 100m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, duration: TimeSpan.FromMinutes(10));

        app.Clock.Advance(TimeSpan.FromMinutes(10));

        await ProblemAssert.IsProblemAsync(await bidder.BidAsync(auctionId, 20m), HttpStatusCode.Conflict, "auction_not_live");
    }

    [Fact]
    public async Task BidInTheSoftCloseWindowExtendsTheEnd()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 100m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, duration: TimeSpan.FromMinutes(10), softCloseMinutes: 2);
        var originalEnd = app.Clock.GetUtcNow() + TimeSpan.FromMinutes(10);

        app.Clock.Advance(TimeSpan.FromMinutes(9.5));
        var receipt = await (await bidder.BidAsync(auctionId, 20m)).ReadJsonAsync();

        var expectedEnd = app.Clock.GetUtcNow() + TimeSpan.FromMinutes(2);
        Assert.True(receipt["extended"]!.GetValue<bool>());
        Assert.Equal(expectedEnd, receipt["endsAt"]!.GetValue<DateTimeOffset>());
        var auction = await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}");
        Assert.Equal(expectedEnd, auction["endsAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(originalEnd, auction["scheduledEndsAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task RetryWithTheSameIdempotencyKeyReturnsTheFirstReceiptAndBidsOnce()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 100m);
        var auctionId = await app.CreateLiveAuctionAsync(seller);

        var first = await bidder.BidAsync(auctionId, 25m, idempotencyKey: "bid-1");
        var retry = await bidder.BidAsync(auctionId, 25m, idempotencyKey: "bid-1");

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(1, await app.WithDbAsync(db => db.Bids.CountAsync()));
        await ProblemAssert.IsProblemAsync(await bidder.BidAsync(auctionId, 30m, idempotencyKey: "bid-1"), HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal(1, await app.WithDbAsync(db => db.Bids.CountAsync()));
    }

    [Fact]
    public async Task ARejectedBidIsReplayedForItsKeyToo()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 5m);
        var auctionId = await app.CreateLiveAuctionAsync(seller);

        await ProblemAssert.IsProblemAsync(await bidder.BidAsync(auctionId, 20m, "poor"), HttpStatusCode.Conflict, "insufficient_funds");
        await bidder.Client.PostAsJsonAsync("/api/wallet/deposits", new { amount = 100m });
        var replay = await bidder.BidAsync(auctionId, 20m, "poor");

        await ProblemAssert.IsProblemAsync(replay, HttpStatusCode.Conflict, "insufficient_funds");
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
    }

    [Fact]
    public async Task BidHistoryShowsAliasesAndVisiblePricesNeverMaxima()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var alice = await app.CreateUserAsync(deposit: 500m);
        var bob = await app.CreateUserAsync(deposit: 500m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m);
        await alice.BidAsync(auctionId, 400m);
        await bob.BidAsync(auctionId, 20m);
        await alice.BidAsync(auctionId, 450m);

        var history = await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}/bids");
        var body = history.ToJsonString();

        Assert.Equal(3, history["totalCount"]!.GetValue<int>());
        Assert.DoesNotContain("400", body, StringComparison.Ordinal);
        Assert.DoesNotContain("450", body, StringComparison.Ordinal);
        Assert.DoesNotContain(alice.Email, body, StringComparison.Ordinal);
        var bidders = history["items"]!.AsArray().Select(i => i!["bidder"]!.GetValue<string>()).ToList();
        Assert.Equal(["Bidder 1", "Bidder 2", "Bidder 1"], bidders);
    }

    [Fact]
    public async Task UnknownAuctionAndDraftAreNotFound()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 100m);
        var categoryId = await app.WithDbAsync(db => db.Categories.Select(c => c.Id).FirstAsync());
        var draft = await (await seller.Client.PostAsJsonAsync("/api/auctions", new
        {
            title = "Draft item", description = "Not yet", categoryId, startingPrice = 5m, endsAt = app.Clock.GetUtcNow().AddHours(1),
        })).ReadJsonAsync();
        var draftId = draft["id"]!.GetValue<Guid>();

        await ProblemAssert.IsProblemAsync(await bidder.BidAsync(Guid.NewGuid(), 10m), HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.IsProblemAsync(await bidder.Client.GetAsync($"/api/auctions/{draftId}"), HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.IsProblemAsync(await bidder.BidAsync(draftId, 10m), HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.IsProblemAsync(await seller.BidAsync(draftId, 10m), HttpStatusCode.Conflict, "own_auction");
        Assert.Equal(HttpStatusCode.OK, (await seller.Client.GetAsync($"/api/auctions/{draftId}")).StatusCode);
    }

    [Fact]
    public async Task BiddingNeedsAToken()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var auctionId = await app.CreateLiveAuctionAsync(seller);

        var response = await app.Anonymous().PostAsJsonAsync($"/api/auctions/{auctionId}/bids", new { maxAmount = 10m });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
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

public sealed class BidRateLimitTests
{
    [Fact]
    public async Task BiddingFasterThanTheLimitGets429WithRetryAfter()
    {
        await using var app = await GavelApp.StartAsync(configure: s => s["RateLimits:BidPermitLimit"] = "3");
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 1000m);
        var auctionId = await app.CreateLiveAuctionAsync(seller);

        for (var i = 0; i < 3; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await bidder.BidAsync(auctionId, 20m + (i * 5))).StatusCode);
        }

        var limited = await bidder.BidAsync(auctionId, 100m);
        await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }
}

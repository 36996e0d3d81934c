using System.Net;
using System.Net.Http.Json;
using Gavel.Core.Data;
using Gavel.Server.Tests.Infrastructure;

namespace Gavel.Server.Tests.Wallet;

public abstract class WalletApiTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task DepositsAndWithdrawalsMoveAvailableFundsThroughTheLedger()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var user = await app.CreateUserAsync();

        var deposit = await user.Client.PostAsJsonAsync("/api/wallet/deposits", new { amount = 250.75m });
        Assert.Equal(HttpStatusCode.Created, deposit.StatusCode);
        Assert.Equal("completed", (await deposit.ReadJsonAsync())["status"]!.GetValue<string>());
        var withdrawal = await user.Client.PostAsJsonAsync("/api/wallet/withdrawals", new { amount = 50.25m });
        Assert.Equal(HttpStatusCode.Created, withdrawal.StatusCode);

        var wallet = await user.Client.GetJsonAsync("/api/wallet");
        Assert.Equal("USD", wallet["currency"]!.GetValue<string>());
        Assert.Equal(200.50m, wallet.Decimal("available"));
        Assert.Equal(200.50m, wallet.Decimal("balance"));
        Assert.Equal(0m, wallet.Decimal("held"));

        var lines = (await user.Client.GetJsonAsync("/api/wallet/transactions"))["items"]!.AsArray();
        Assert.Equal("withdrawalCompleted", lines[0]!["kind"]!.GetValue<string>());
        Assert.Equal("deposit", lines[^1]!["kind"]!.GetValue<string>());
        Assert.Equal(250.75m, lines[^1]!["amount"]!.GetValue<decimal>());
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task TheLocationOfADepositOrWithdrawalAnswersItsStatusToItsOwnerOnly()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var user = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();

        var deposit = await user.Client.PostAsJsonAsync("/api/wallet/deposits", new { amount = 80m });
        var withdrawal = await user.Client.PostAsJsonAsync("/api/wallet/withdrawals", new { amount = 30m });

        foreach (var (created, amount) in new[] { (deposit, 80m), (withdrawal, 30m) })
        {
            var location = created.Headers.Location!.ToString();
            var receipt = await user.Client.GetJsonAsync(location);
            Assert.Equal((await created.ReadJsonAsync())["id"]!.GetValue<Guid>(), receipt["id"]!.GetValue<Guid>());
            Assert.Equal(("completed", amount), (receipt["status"]!.GetValue<string>(), receipt.Decimal("amount")));
            await ProblemAssert.IsProblemAsync(await other.Client.GetAsync(location), HttpStatusCode.Forbidden, "forbidden");
            await ProblemAssert.IsProblemAsync(await app.Anonymous().GetAsync(location), HttpStatusCode.Unauthorized, "unauthorized");
        }

        await ProblemAssert.IsProblemAsync(await user.Client.GetAsync($"/api/wallet/deposits/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task WithdrawingMoreThanIsAvailableIsRefusedAndChangesNothing()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var user = await app.CreateUserAsync(deposit: 100m);
        var auctionId = await app.CreateLiveAuctionAsync(seller);
        await user.BidAsync(auctionId, 60m);
        var before = await LedgerAssert.CountAsync(app);

        var response = await user.Client.PostAsJsonAsync("/api/wallet/withdrawals", new { amount = 40.01m });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "insufficient_funds");
        Assert.Equal(40m, problem["available"]!.GetValue<decimal>());
        Assert.Equal(before, await LedgerAssert.CountAsync(app));
    }

    [Fact]
    public async Task AFailedPayoutReturnsTheFunds()
    {
        await using var app = await GavelApp.StartAsync(Provider, s => s["Payments:Simulated:FailPayoutsAbove"] = "1000");
        var user = await app.CreateUserAsync(deposit: 2000m);

        var receipt = await (await user.Client.PostAsJsonAsync("/api/wallet/withdrawals", new { amount = 1500m })).ReadJsonAsync();

        Assert.Equal("failed", receipt["status"]!.GetValue<string>());
        Assert.Contains("refuses", receipt["failureReason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2000m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task ARetriedDepositWithTheSameKeyCreditsOnce()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var user = await app.CreateUserAsync();

        for (var i = 0; i < 3; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/wallet/deposits") { Content = JsonContent.Create(new { amount = 75m }) };
            request.Headers.Add("Idempotency-Key", "deposit-once");
            Assert.Equal(HttpStatusCode.Created, (await user.Client.SendAsync(request)).StatusCode);
        }

        Assert.Equal(75m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
    }

    [Theory]
    [InlineData("""{"amount": -5}""")]
    [InlineData("""{"amount": 0}""")]
    [InlineData("""{"amount": 10.001}""")]
    [InlineData("""{"amount": 1e30}""")]
    [InlineData("""{"amount": 100000000.01}""")]
    [InlineData("""{"amount": "ten"}""")]
    [InlineData("""{}""")]
    [InlineData("""{"amount": 10""")]
    [InlineData("""[]""")]
    public async Task BadAmountsAreRefusedWithProblemDetailsAndMoveNothing(string body)
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var user = await app.CreateUserAsync(deposit: 100m);
        var before = await LedgerAssert.CountAsync(app);

        foreach (var path in new[] { "/api/wallet/deposits", "/api/wallet/withdrawals" })
        {
            var response = await user.Client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        }

        Assert.Equal(before, await LedgerAssert.CountAsync(app));
        Assert.Equal(100m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
    }
}

public sealed class SqliteWalletApiTests : WalletApiTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresWalletApiTests : WalletApiTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public sealed class PaymentWebhookTests
{
    private const string Secret = "test-webhook-secret";

    [Fact]
    public async Task APendingDepositSettlesOnceThroughTheSignedWebhook()
    {
        await using var app = await GavelApp.StartAsync(configure: s =>
        {
            s["Payments:Simulated:SettleByWebhook"] = "true";
            s["Payments:WebhookSecret"] = Secret;
        });
        var user = await app.CreateUserAsync();
        var receipt = await (await user.Client.PostAsJsonAsync("/api/wallet/deposits", new { amount = 80m })).ReadJsonAsync();
        Assert.Equal("pending", receipt["status"]!.GetValue<string>());
        Assert.Equal(0m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("balance"));
        var body = $$"""{"paymentId":"{{receipt["id"]}}","kind":"deposit","status":"settled","reference":"bank-123"}""";

        var forged = await Callback(app, body, "00");
        var first = await Callback(app, body, Features.Payments.PaymentWebhook.Sign(Secret, System.Text.Encoding.UTF8.GetBytes(body)));
        var again = await Callback(app, body, Features.Payments.PaymentWebhook.Sign(Secret, System.Text.Encoding.UTF8.GetBytes(body)));

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.True((await first.ReadJsonAsync())["applied"]!.GetValue<bool>());
        Assert.False((await again.ReadJsonAsync())["applied"]!.GetValue<bool>());
        Assert.Equal(80m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task AWithdrawalFailedByTheProviderReturnsTheFunds()
    {
        await using var app = await GavelApp.StartAsync(configure: s =>
        {
            s["Payments:Simulated:SettleByWebhook"] = "true";
            s["Payments:WebhookSecret"] = Secret;
        });
        var user = await app.CreateUserAsync();
        await app.WithDbAsync(async db =>
        {
            await db.WriteAsync(async ct =>
            {
                Core.Wallet.Ledger.Deposit(db, await db.LockWalletAsync(user.Id, ct), 100m, app.Clock.GetUtcNow(), "test");
                return true;
            }, CancellationToken.None);
            return true;
        });
        var receipt = await (await user.Client.PostAsJsonAsync("/api/wallet/withdrawals", new { amount = 60m })).ReadJsonAsync();
        Assert.Equal(60m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("withdrawing"));
        var body = $$"""{"paymentId":"{{receipt["id"]}}","kind":"withdrawal","status":"failed","reference":"bank-9","failureReason":"Account closed"}""";

        await Callback(app, body, Features.Payments.PaymentWebhook.Sign(Secret, System.Text.Encoding.UTF8.GetBytes(body)));

        var wallet = await user.Client.GetJsonAsync("/api/wallet");
        Assert.Equal(100m, wallet.Decimal("available"));
        Assert.Equal(0m, wallet.Decimal("withdrawing"));
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task WithoutASecretTheWebhookDoesNotExist()
    {
        await using var app = await GavelApp.StartAsync();

        var response = await Callback(app, "{}", "00");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static Task<HttpResponseMessage> Callback(GavelApp app, string body, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/webhook") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Gavel-Signature", signature);
        return app.Anonymous().SendAsync(request);
    }
}

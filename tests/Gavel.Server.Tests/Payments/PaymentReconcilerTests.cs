using System.Net;
using System.Net.Http.Json;
using System.Text;
using Gavel.Core.Data;
using Gavel.Core.Notifications;
using Gavel.Core.Payments;
using Gavel.Core.Wallet;
using Gavel.Server.Features.Payments;
using Gavel.Server.Tests.Infrastructure;
using Gavel.Server.Workers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gavel.Server.Tests.Payments;

/// <summary>
/// Payments left pending (a provider call that threw, a process that died before asking) are asked about again by the
/// reconciler and settled once, whoever else applies them at the same moment (docs/adr/0014-payment-reconciliation.md).
/// </summary>
public abstract class PaymentReconcilerTests
{
    private const string Secret = "test-webhook-secret";

    /// <summary>Payments:ReconcileAfter's default.</summary>
    private static readonly TimeSpan ReconcileAfter = TimeSpan.FromMinutes(10);

    protected abstract DatabaseProvider Provider { get; }

    [Theory]
    [InlineData(ProviderStatus.Settled)]
    [InlineData(ProviderStatus.Failed)]
    public async Task AWithdrawalWhoseProviderCallThrowsAnswersPendingAndTheReconcilerSettlesIt(ProviderStatus answer)
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var provider = new UnreachablePaymentProvider(throws: 1, answer);
        await using var node = NodeWith(app, provider);
        var user = await app.CreateUserAsync(deposit: 100m);

        var response = await ClientOn(node, user).PostAsJsonAsync("/api/wallet/withdrawals", new { amount = 60m });

        // What a provider that settles by webhook gets: the withdrawal is recorded and its funds set aside.
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.ReadJsonAsync();
        var id = receipt["id"]!.GetValue<Guid>();
        Assert.Equal("pending", receipt["status"]!.GetValue<string>());
        Assert.Equal((40m, 60m), (receipt["wallet"]!.AsObject().Decimal("available"), receipt["wallet"]!.AsObject().Decimal("withdrawing")));
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Warning && e.Category.EndsWith(".WalletOperations", StringComparison.Ordinal)
            && e.Exception is HttpRequestException && e.Message.Contains(id.ToString(), StringComparison.Ordinal));
        await LedgerAssert.BalancedAsync(app);

        app.Clock.Advance(ReconcileAfter + TimeSpan.FromSeconds(1));
        var outcome = await ReconcileAsync(node);

        Assert.Equal(new ReconcileOutcome(1, 1, 0), outcome);
        Assert.Equal(2, provider.CallsFor(id));
        var settled = await user.Client.GetJsonAsync(response.Headers.Location!.ToString());
        Assert.Equal(answer == ProviderStatus.Settled ? "completed" : "failed", settled["status"]!.GetValue<string>());
        var wallet = await user.Client.GetJsonAsync("/api/wallet");
        Assert.Equal((answer == ProviderStatus.Settled ? 40m : 100m, 0m), (wallet.Decimal("available"), wallet.Decimal("withdrawing")));
        var kind = answer == ProviderStatus.Settled ? NotificationKind.WithdrawalCompleted : NotificationKind.WithdrawalFailed;
        Assert.Equal(1, await NotificationsAsync(app, user, kind));
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task ADepositWhoseProviderCallThrowsAnswersPendingAndTheReconcilerCreditsIt()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var provider = new UnreachablePaymentProvider(throws: 1);
        await using var node = NodeWith(app, provider);
        var user = await app.CreateUserAsync();

        var response = await ClientOn(node, user).PostAsJsonAsync("/api/wallet/deposits", new { amount = 80m });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.ReadJsonAsync();
        Assert.Equal("pending", receipt["status"]!.GetValue<string>());
        Assert.Equal(0m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("balance"));

        app.Clock.Advance(ReconcileAfter + TimeSpan.FromSeconds(1));
        Assert.Equal(new ReconcileOutcome(1, 1, 0), await ReconcileAsync(node));

        Assert.Equal(2, provider.CallsFor(receipt["id"]!.GetValue<Guid>()));
        Assert.Equal("completed", (await user.Client.GetJsonAsync(response.Headers.Location!.ToString()))["status"]!.GetValue<string>());
        Assert.Equal(80m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
        Assert.Equal(1, await NotificationsAsync(app, user, NotificationKind.DepositSettled));
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task PaymentsRecordedButNeverSentToTheProviderAreSettledByTheReconciler()
    {
        // The built-in simulated provider: asked for the first time by the reconciler, as after a crash before the call.
        await using var app = await GavelApp.StartAsync(Provider);
        var user = await app.CreateUserAsync(deposit: 100m);
        var (depositId, withdrawalId) = await app.WithDbAsync(db => db.WriteAsync(async ct =>
        {
            var now = app.Clock.GetUtcNow();
            var deposit = new Deposit { UserId = user.Id, Amount = 25m, RequestedAt = now };
            var withdrawal = new Withdrawal { UserId = user.Id, Amount = 70m, RequestedAt = now };
            Ledger.RequestWithdrawal(db, await db.LockWalletAsync(user.Id, ct), withdrawal.Amount, now, withdrawal.Id);
            db.Deposits.Add(deposit);
            db.Withdrawals.Add(withdrawal);
            return (deposit.Id, withdrawal.Id);
        }, CancellationToken.None));

        app.Clock.Advance(ReconcileAfter + TimeSpan.FromSeconds(1));
        Assert.Equal(new ReconcileOutcome(2, 2, 0), await ReconcileAsync(app));

        var deposit = await user.Client.GetJsonAsync($"/api/wallet/deposits/{depositId}");
        var withdrawal = await user.Client.GetJsonAsync($"/api/wallet/withdrawals/{withdrawalId}");
        Assert.Equal(("completed", "completed"), (deposit["status"]!.GetValue<string>(), withdrawal["status"]!.GetValue<string>()));
        Assert.Equal("sim-pay-" + withdrawalId.ToString("N"), await app.WithDbAsync(db => db.Withdrawals.Where(w => w.Id == withdrawalId).Select(w => w.ProviderReference).SingleAsync()));
        var wallet = await user.Client.GetJsonAsync("/api/wallet");
        Assert.Equal((55m, 0m), (wallet.Decimal("available"), wallet.Decimal("withdrawing")));
        Assert.Equal(new ReconcileOutcome(0, 0, 0), await ReconcileAsync(app));
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task APaymentYoungerThanReconcileAfterIsLeftAlone()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var provider = new UnreachablePaymentProvider(throws: 1);
        await using var node = NodeWith(app, provider);
        var user = await app.CreateUserAsync();
        var id = (await (await ClientOn(node, user).PostAsJsonAsync("/api/wallet/deposits", new { amount = 30m })).ReadJsonAsync())["id"]!.GetValue<Guid>();

        app.Clock.Advance(ReconcileAfter - TimeSpan.FromSeconds(1));
        Assert.Equal(new ReconcileOutcome(0, 0, 0), await ReconcileAsync(node));

        Assert.Equal(1, provider.CallsFor(id));
        Assert.Equal(0m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("balance"));

        // ...and asked about once it is old enough.
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(new ReconcileOutcome(1, 1, 0), await ReconcileAsync(node));
        Assert.Equal(30m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("balance"));
    }

    [Fact]
    public async Task PaymentsTheProviderKeepsAnsweringPendingDoNotHideTheOnesBehindThem()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var provider = new UnreachablePaymentProvider(throws: 0);
        await using var node = NodeWith(app, provider);
        var user = await app.CreateUserAsync();
        var ids = await app.WithDbAsync(db => db.WriteAsync(_ =>
        {
            var deposits = Enumerable.Range(0, PaymentReconciler.Batch + 1)
                .Select(i => new Deposit { UserId = user.Id, Amount = 1m, RequestedAt = app.Clock.GetUtcNow() + TimeSpan.FromSeconds(i) })
                .ToList();
            db.Deposits.AddRange(deposits);
            return Task.FromResult(deposits.Select(d => d.Id).ToList());
        }, CancellationToken.None));
        foreach (var id in ids[..^1])
        {
            provider.StillPending[id] = true; // their webhooks never came
        }

        app.Clock.Advance(ReconcileAfter + TimeSpan.FromMinutes(1));
        Assert.Equal(new ReconcileOutcome(PaymentReconciler.Batch, 0, 0), await ReconcileAsync(node));
        Assert.Equal(new ReconcileOutcome(1, 1, 0), await ReconcileAsync(node));

        Assert.Equal(1, provider.CallsFor(ids[^1]));
        Assert.Equal(1m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("available"));

        // Having reached the end, the next pass starts again from the oldest.
        Assert.Equal(new ReconcileOutcome(PaymentReconciler.Batch, 0, 0), await ReconcileAsync(node));
        Assert.Equal(2, provider.CallsFor(ids[0]));
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task TheWebhookAndTwoNodesReconcilingTheSameWithdrawalAtOnceMoveTheMoneyOnce()
    {
        await using var app = await GavelApp.StartAsync(Provider, s =>
        {
            s["Payments:Simulated:SettleByWebhook"] = "true";
            s["Payments:WebhookSecret"] = Secret;
        });
        var provider = new UnreachablePaymentProvider(throws: 1);
        await using var first = NodeWith(app, provider);
        await using var second = NodeWith(app, provider);
        var user = await app.CreateUserAsync();
        await app.WithDbAsync(db => db.WriteAsync(async ct =>
        {
            Ledger.Deposit(db, await db.LockWalletAsync(user.Id, ct), 100m, app.Clock.GetUtcNow(), "test");
            return true;
        }, CancellationToken.None));
        var id = (await (await ClientOn(first, user).PostAsJsonAsync("/api/wallet/withdrawals", new { amount = 60m })).ReadJsonAsync())["id"]!.GetValue<Guid>();
        var transactions = await LedgerAssert.CountAsync(app);
        app.Clock.Advance(ReconcileAfter + TimeSpan.FromSeconds(1));
        var body = $$"""{"paymentId":"{{id}}","kind":"withdrawal","status":"settled","reference":"bank-{{id:N}}"}""";

        var webhook = CallbackAsync(second, body);
        var reconciled = await Task.WhenAll(ReconcileAsync(first), ReconcileAsync(second), ReconcileAsync(first));
        var webhookApplied = (await (await webhook).ReadJsonAsync())["applied"]!.GetValue<bool>();

        Assert.Equal(1, reconciled.Sum(o => o.Applied) + (webhookApplied ? 1 : 0));
        Assert.Equal(transactions + 1, await LedgerAssert.CountAsync(app));
        var wallet = await user.Client.GetJsonAsync("/api/wallet");
        Assert.Equal((40m, 0m), (wallet.Decimal("available"), wallet.Decimal("withdrawing")));
        Assert.Equal(1, await NotificationsAsync(app, user, NotificationKind.WithdrawalCompleted));
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task TheReconcilerSurvivesAFailedPassAndSettlesOnTheNext()
    {
        await using var app = await GavelApp.StartAsync(Provider);

        // The request's call and the first pass's call fail at the provider; the second pass fails in the database.
        var provider = new UnreachablePaymentProvider(throws: 2);
        var database = new FailingReconcilerQuery();
        await using var node = app.WithWebHostBuilder(b => b
            .UseSetting("Workers:PaymentReconcilerEnabled", "true")
            .ConfigureTestServices(s =>
            {
                s.AddSingleton<IPaymentProvider>(provider);
                s.AddSingleton<IInterceptor>(database);
            }));
        var user = await app.CreateUserAsync();
        var response = await ClientOn(node, user).PostAsJsonAsync("/api/wallet/deposits", new { amount = 45m });
        var id = (await response.ReadJsonAsync())["id"]!.GetValue<Guid>();
        app.Clock.Advance(ReconcileAfter);

        // The worker's own loop, woken by the fake clock: each step past Payments:ReconcileInterval (or the backoff) is a pass.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await StatusAsync(app, id) == PaymentStatus.Pending && DateTime.UtcNow < deadline)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(50);
            if (provider.CallsFor(id) == 2)
            {
                database.Armed = true; // the provider has failed one pass: the next one fails in the database
            }
        }

        Assert.Equal(PaymentStatus.Completed, await StatusAsync(app, id));
        Assert.Equal(3, provider.CallsFor(id));
        Assert.True(database.Failed, "The database never failed a pass: the test did not reach the failure.");
        Assert.Contains(app.Logs.Entries, e => e.Category.EndsWith(".PaymentReconciler", StringComparison.Ordinal) && e.Exception is HttpRequestException);
        Assert.Contains(app.Logs.Entries, e => e.Category.EndsWith(".PaymentReconcilerService", StringComparison.Ordinal) && e.Exception?.GetBaseException() is TimeoutException);
        Assert.Equal(45m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
        await LedgerAssert.BalancedAsync(app);
    }

    private static WebApplicationFactory<Program> NodeWith(GavelApp app, IPaymentProvider provider) =>
        app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(provider)));

    private static Task<ReconcileOutcome> ReconcileAsync(WebApplicationFactory<Program> node) =>
        node.Services.GetRequiredService<PaymentReconciler>().RunOnceAsync(CancellationToken.None);

    private static HttpClient ClientOn(WebApplicationFactory<Program> node, TestUser user)
    {
        var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", user.AccessToken);
        return client;
    }

    private static Task<int> NotificationsAsync(GavelApp app, TestUser user, NotificationKind kind) =>
        app.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == user.Id && n.Kind == kind));

    private static Task<PaymentStatus> StatusAsync(GavelApp app, Guid depositId) =>
        app.WithDbAsync(db => db.Deposits.Where(d => d.Id == depositId).Select(d => d.Status).SingleAsync());

    private static Task<HttpResponseMessage> CallbackAsync(WebApplicationFactory<Program> node, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(PaymentWebhook.SignatureHeader, PaymentWebhook.Sign(Secret, Encoding.UTF8.GetBytes(body)));
        return node.CreateClient().SendAsync(request);
    }

    /// <summary>Once armed, the reconciler's next look for stale deposits fails as a database that does not answer does.</summary>
    private sealed class FailingReconcilerQuery : DbCommandInterceptor
    {
        private int failed;

        public volatile bool Armed;

        public bool Failed => failed == 1;

        public override ValueTask<InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
            System.Data.Common.DbCommand command, CommandEventData eventData, InterceptionResult<System.Data.Common.DbDataReader> result,
            CancellationToken cancellationToken = default) =>
            Armed && command.CommandText.Contains("Deposits", StringComparison.Ordinal) && command.CommandText.Contains("ORDER BY", StringComparison.Ordinal)
                && Interlocked.Exchange(ref failed, 1) == 0
                ? throw new TimeoutException("The database did not answer in time.")
                : ValueTask.FromResult(result);
    }
}

public sealed class SqlitePaymentReconcilerTests : PaymentReconcilerTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresPaymentReconcilerTests : PaymentReconcilerTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

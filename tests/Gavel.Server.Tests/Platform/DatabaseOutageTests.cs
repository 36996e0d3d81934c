using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Gavel.Core.Data;
using Gavel.Server.Features.Bidding;
using Gavel.Server.Features.Notifications;
using Gavel.Server.Tests.Accounts;
using Gavel.Server.Tests.Notifications;
using Gavel.Server.Tests.Infrastructure;
using Gavel.Server.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Gavel.Server.Tests.Platform;

/// <summary>
/// PostgreSQL goes away under a running server (a restart, a failover, the network) and comes back. The test database
/// is reached through a <see cref="TcpProxy"/> that is cut and restored; the shared PostgreSQL itself runs on.
/// </summary>
public sealed class DatabaseOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WhileTheDatabaseIsAwayRequestsAnswer503WithRetryAfterAndReadinessFailsButLivenessHolds()
    {
        await using var outage = await ProxiedServer.StartAsync();
        var app = outage.App;
        var seller = await app.CreateUserAsync("seller");
        var bidder = await app.CreateUserAsync("bidder", deposit: 500m);
        var auctionId = await app.CreateLiveAuctionAsync(seller);
        var email = AccountsTestApi.NewEmail();
        await app.Anonymous().RegisterAsync(email);

        outage.Proxy.Drop();

        await IsUnavailableAsync(await app.Anonymous().GetAsync("/api/auctions?q=camera", Ct));
        await IsUnavailableAsync(await app.Anonymous().PostLoginAsync(email));
        await IsUnavailableAsync(await bidder.BidAsync(auctionId, 50m));
        await IsUnavailableAsync(await bidder.Client.PostAsJsonAsync("/api/wallet/deposits", new { amount = 10m }, Ct));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Anonymous().GetAsync("/health/ready", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/health/live", Ct)).StatusCode);

        // A web page says so to a person, with the same status and Retry-After.
        var page = await app.Anonymous().GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.NotNull(page.Headers.RetryAfter);
        Assert.Contains("Back in a moment", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // An operator sees warnings, four of them saying the database is away, not unhandled errors.
        var requestLogs = app.Logs.Entries.Where(e => e.Category.EndsWith("GavelExceptionHandler", StringComparison.Ordinal)
            || e.Category.EndsWith("ExceptionHandlerMiddleware", StringComparison.Ordinal) || e.Category.EndsWith("ErrorBoundary", StringComparison.Ordinal)).ToList();
        Assert.All(requestLogs, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.Equal(4, requestLogs.Count(e => e.Message.Contains("database is unavailable", StringComparison.Ordinal)));

        outage.Proxy.Restore();

        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/health/ready", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/api/auctions?q=camera", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/", Ct)).StatusCode);
        await AccountsTestApi.AssertStatusAsync(await app.Anonymous().PostLoginAsync(email), HttpStatusCode.OK);
        await AccountsTestApi.AssertStatusAsync(await bidder.BidAsync(auctionId, 50m), HttpStatusCode.Created);
        await AccountsTestApi.AssertStatusAsync(await bidder.Client.PostAsJsonAsync("/api/wallet/deposits", new { amount = 10m }, Ct), HttpStatusCode.Created);

        // What answered 503 did not happen: one bid, one deposit of 10 after the first 500.
        Assert.Equal(1, (await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}"))["bidCount"]!.GetValue<int>());
        Assert.Equal(510m, (await bidder.Client.GetJsonAsync("/api/wallet")).Decimal("balance"));
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task AfterTheDatabaseReturnsTheWorkersCloseAndSettleWhatEndedMeanwhileAndBiddingAndNotificationsGoOn()
    {
        await using var outage = await ProxiedServer.StartAsync(s =>
        {
            s["Workers:CloserEnabled"] = "true";
            s["Workers:DispatcherEnabled"] = "true";
        });
        var app = outage.App;
        var seller = await app.CreateUserAsync("seller");
        var alice = await app.CreateUserAsync("alice", deposit: 500m);
        var bob = await app.CreateUserAsync("bob", deposit: 500m);
        var ending = await app.CreateLiveAuctionAsync(seller, startingPrice: 100m, duration: TimeSpan.FromMinutes(5));
        var later = await app.CreateLiveAuctionAsync(seller, duration: TimeSpan.FromHours(2), title: "Brass telescope");
        await AccountsTestApi.AssertStatusAsync(await alice.BidAsync(ending, 300m), HttpStatusCode.Created);
        await AccountsTestApi.AssertStatusAsync(await bob.BidAsync(ending, 200m), HttpStatusCode.Created);
        var running = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().Where(w => w.ExecuteTask is { IsCompleted: false }).ToList();
        Assert.Contains(running, w => w is AuctionCloserService);
        Assert.Contains(running, w => w is NotificationDispatcherService);
        Assert.Contains(running, w => w is BidBatcher);

        outage.Proxy.Drop();

        // The auction ends while the database is away; the workers wake, fail and wait, several times over.
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await IsUnavailableAsync(await bob.BidAsync(later, 20m));
        for (var i = 0; i < 20; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50, Ct);
        }

        // Each worker said so as a warning and waited longer after each failure: the closer, due every 250 ms and
        // woken by every 1 s step, would otherwise have failed about 20 times, the dispatcher (every 2 s) about 10.
        var closerLogs = WorkerLogs(app, nameof(AuctionCloserService));
        var dispatcherLogs = WorkerLogs(app, nameof(NotificationDispatcherService));
        Assert.All(closerLogs.Concat(dispatcherLogs), e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.InRange(closerLogs.Count, 2, 10);
        Assert.InRange(dispatcherLogs.Count, 1, 6);
        Assert.All(closerLogs, e => Assert.Contains("database is unavailable", e.Message, StringComparison.Ordinal));

        outage.Proxy.Restore();

        await EventuallyAsync(app, async () =>
            (await app.Anonymous().GetAsync($"/api/auctions/{ending}", Ct)) is { IsSuccessStatusCode: true } response
            && (await response.ReadJsonAsync())["status"]!.GetValue<string>() == "settled");
        var auction = await app.Anonymous().GetJsonAsync($"/api/auctions/{ending}");
        Assert.Equal(202.50m, auction.Decimal("finalPrice"));
        Assert.Equal(297.50m, (await alice.Client.GetJsonAsync("/api/wallet")).Decimal("available"));

        // The bid writers and the dispatcher are still at work: a bid is placed, and Alice's "won" is mailed.
        await AccountsTestApi.AssertStatusAsync(await bob.BidAsync(later, 20m), HttpStatusCode.Created);
        await EventuallyAsync(app, () => Task.FromResult(app.EmailsTo(alice).Any(f => File.ReadAllText(f).Contains("X-Gavel-Kind: AuctionWon", StringComparison.Ordinal))));
        await LedgerAssert.BalancedAsync(app);

        Assert.False(app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested, "The host is stopping.");
        Assert.All(running, w => Assert.False(w.ExecuteTask!.IsCompleted, $"{w.GetType().Name} stopped: {w.ExecuteTask.Exception}"));
    }

    [Fact]
    public async Task BidsWaitingTogetherWhileTheDatabaseDoesNotAnswerAreAllRefusedAfterOneTimeoutNotOneAfterAnother()
    {
        await using var outage = await ProxiedServer.StartAsync();
        var app = outage.App;
        var seller = await app.CreateUserAsync("seller");
        var auctionId = await app.CreateLiveAuctionAsync(seller);
        var bidders = new List<TestUser>();
        for (var i = 0; i < 8; i++)
        {
            bidders.Add(await app.CreateUserAsync($"bidder{i}", deposit: 500m));
        }

        // Connections are taken but never answered: each attempt to reach the database waits out the 2 s connect
        // timeout. Bids group-committed together fail together; placed again one by one, the last would wait 8 timeouts.
        outage.Proxy.Stall();
        var took = Stopwatch.StartNew();
        var responses = await Task.WhenAll(bidders.Select((bidder, i) => bidder.BidAsync(auctionId, 20m + i)));
        var elapsed = took.Elapsed;

        foreach (var response in responses)
        {
            await IsUnavailableAsync(response);
        }

        Assert.True(elapsed < TimeSpan.FromSeconds(8), $"The bids took {elapsed.TotalSeconds:F1} s to be answered.");
        outage.Proxy.Restore();
        Assert.Equal(0, await app.WithDbAsync(db => db.Bids.CountAsync(Ct)));
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task AServerStartedWhileItsDatabaseIsAwayWaitsForItAndStartsWhenItComes()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var proxy = ProxiedServer.ProxyFor(database, out var proxied);
        proxy.Drop();

        // Starting a test server blocks its caller until the server is up (or has failed), so it starts on the pool.
        var starting = Task.Run(() => GavelApp.StartAsync(database, s => s["ConnectionStrings:Gavel"] = proxied), Ct);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        Assert.False(starting.IsCompleted, starting.Exception?.GetBaseException().Message ?? "The server started without its database.");

        proxy.Restore();
        await using var app = await starting.WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/health/ready", Ct)).StatusCode);
        var seller = await app.CreateUserAsync("seller");
        await app.CreateLiveAuctionAsync(seller);
        var waits = app.Logs.Entries.Where(e => e.Category.EndsWith(".DatabaseStartup", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(waits);
        Assert.All(waits, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.All(waits, e => Assert.Contains("database is unavailable", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AServerWhoseDatabaseStaysAwayGivesUpAfterItsStartupWait()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var proxy = ProxiedServer.ProxyFor(database, out var proxied);
        proxy.Drop();
        var took = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => GavelApp.StartAsync(database, s =>
        {
            s["ConnectionStrings:Gavel"] = proxied;
            s["Database:StartupWait"] = "00:00:03";
        }));

        Assert.True(DatabaseFailures.IsUnavailable(failure), failure.ToString());
        Assert.InRange(took.Elapsed, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30));
    }

    private static List<LogEntry> WorkerLogs(GavelApp app, string worker) =>
        [.. app.Logs.Entries.Where(e => e.Category.EndsWith("." + worker, StringComparison.Ordinal))];

    private static async Task IsUnavailableAsync(HttpResponseMessage response)
    {
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "database_unavailable");
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter is { TotalSeconds: >= 1 and <= 30 }, $"Retry-After was '{response.Headers.RetryAfter}'.");
    }

    /// <summary>Polls in real time while moving the fake clock on by a closer interval, so that sleeping workers wake.</summary>
    private static async Task EventuallyAsync(GavelApp app, Func<Task<bool>> condition)
    {
        var limit = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(limit.Elapsed < TimeSpan.FromSeconds(30), "The condition did not hold within 30 s after the database returned.");
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>A PostgreSQL test database, a proxy in front of it, and a server that reaches the database only through the proxy.</summary>
    private sealed class ProxiedServer : IAsyncDisposable
    {
        private readonly TestDatabase database;

        private ProxiedServer(TestDatabase database, TcpProxy proxy, GavelApp app)
        {
            this.database = database;
            Proxy = proxy;
            App = app;
        }

        public TcpProxy Proxy { get; }

        public GavelApp App { get; }

        public static async Task<ProxiedServer> StartAsync(Action<Dictionary<string, string?>>? configure = null)
        {
            var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
            var proxy = ProxyFor(database, out var proxied);
            try
            {
                var app = await GavelApp.StartAsync(database, s =>
                {
                    s["ConnectionStrings:Gavel"] = proxied;
                    configure?.Invoke(s);
                });
                return new ProxiedServer(database, proxy, app);
            }
            catch
            {
                await proxy.DisposeAsync();
                await database.DisposeAsync();
                throw;
            }
        }

        /// <summary>A proxy in front of the database, and the connection string that reaches it only through the proxy.</summary>
        public static TcpProxy ProxyFor(TestDatabase database, out string proxied)
        {
            var direct = new NpgsqlConnectionStringBuilder(database.ConnectionString);
            var proxy = new TcpProxy(direct.Host!, direct.Port);

            // Short timeouts keep the test in seconds: opening a connection through a refusing proxy fails at once anyway.
            proxied = new NpgsqlConnectionStringBuilder(database.ConnectionString)
            {
                Host = "127.0.0.1",
                Port = proxy.Port,
                Timeout = 2,
                CommandTimeout = 5,
            }.ConnectionString;
            return proxy;
        }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Proxy.DisposeAsync();
            await database.DisposeAsync();
        }
    }
}

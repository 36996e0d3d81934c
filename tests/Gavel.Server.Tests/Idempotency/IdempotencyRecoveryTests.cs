using System.Data.Common;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Gavel.Core.Data;
using Gavel.Core.Idempotency;
using Gavel.Core.Wallet;
using Gavel.Server.Tests.Infrastructure;
using Gavel.Server.Workers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Gavel.Server.Tests.Idempotency;

/// <summary>
/// The Idempotency-Key's recovery point (docs/adr/0013-idempotency-recovery-point.md): a change and "applied" commit
/// together, so a request that fails after its change committed, or whose process dies before it answers, is never
/// done again by a retry; an abandoned claim is taken over once; old keys are purged.
/// </summary>
public abstract class IdempotencyRecoveryTests
{
    private const string DepositBody = """{"amount":30}""";

    /// <summary>Idempotency:Lease's default.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task ADepositThatCommittedAndThenFailedIsNotDoneAgainByItsRetry()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var failure = new FailAfterFirstLedgerCommit();
        await using var node = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IInterceptor>(failure)));
        var user = await app.CreateUserAsync();
        var client = ClientOn(node, user);

        var first = await DepositAsync(client, "deposit-1");
        Assert.True(failure.Failed, "No commit failed: the test did not reach the failure.");
        Assert.True((int)first.StatusCode >= 500, $"Expected a 5xx, got {(int)first.StatusCode}");
        Assert.Equal(30m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("available"));

        // The deposit committed before the failure: the retry must not deposit again, and says where to look instead.
        var retry = await DepositAsync(client, "deposit-1");
        var problem = await ProblemAssert.IsProblemAsync(retry, HttpStatusCode.Conflict, "idempotency_applied");
        Assert.Equal("/api/wallet/transactions", problem["resultAt"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await DepositAsync(client, "deposit-1")).StatusCode);
        Assert.Equal(30m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
        Assert.Equal(1, await app.WithDbAsync(db => db.Deposits.CountAsync(d => d.UserId == user.Id)));
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task ABatchedBidsKeyIsAppliedInItsBatchSoABidWhoseAnswerWasLostIsNotPlacedAgain()
    {
        await using var app = await GavelApp.StartAsync(Provider, s => s["Bidding:GroupCommit"] = "true");
        var failure = new FailFirstAnswerStore();
        await using var node = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IInterceptor>(failure)));
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 1_000m);
        var auctionId = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m);
        var client = ClientOn(node, bidder);

        // The batch commits the bid; storing its 201 then fails, as with the database gone for a moment. The bidder
        // still gets the 201 the bid earned.
        var first = await BidAsync(client, auctionId, "bid-1");
        Assert.True(failure.Failed, "Storing the answer did not fail: the test did not reach the failure.");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(1, (await first.ReadJsonAsync())["sequence"]!.GetValue<int>());
        var record = await RecordAsync(app, bidder.Id, "bid-1");
        Assert.Null(record.StatusCode);
        Assert.NotNull(record.AppliedAt);

        // Within the lease the key may still be answering; past it, it was abandoned, applied: never placed again.
        await ProblemAssert.IsProblemAsync(await BidAsync(client, auctionId, "bid-1"), HttpStatusCode.Conflict, "idempotency_in_progress");
        app.Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var retry = await BidAsync(client, auctionId, "bid-1");
        var problem = await ProblemAssert.IsProblemAsync(retry, HttpStatusCode.Conflict, "idempotency_applied");
        Assert.Equal("/api/me/bids", problem["resultAt"]!.GetValue<string>());
        Assert.Equal(1, await app.WithDbAsync(db => db.Bids.CountAsync(b => b.AuctionId == auctionId)));
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task AnAbandonedClaimThatWasNotAppliedIsTakenOverAndRunOnce()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var user = await app.CreateUserAsync();
        await AbandonedClaimAsync(app, user, "stuck", applied: false, age: Lease + TimeSpan.FromSeconds(1));

        var retry = await DepositAsync(user.Client, "stuck");

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.False(retry.Headers.Contains("Idempotent-Replayed"));
        var again = await DepositAsync(user.Client, "stuck");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.True(again.Headers.Contains("Idempotent-Replayed"), "The second retry ran again instead of replaying the first answer.");
        Assert.Equal(30m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task AnAbandonedClaimThatWasAppliedAnswersAppliedAndDoesNothingAgain()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var user = await app.CreateUserAsync();
        await AbandonedClaimAsync(app, user, "stuck", applied: true, age: Lease + TimeSpan.FromSeconds(1));

        var retry = await DepositAsync(user.Client, "stuck");

        await ProblemAssert.IsProblemAsync(retry, HttpStatusCode.Conflict, "idempotency_applied");
        Assert.Equal(0m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
        Assert.Equal(0, await app.WithDbAsync(db => db.Deposits.CountAsync(d => d.UserId == user.Id)));
    }

    [Fact]
    public async Task AClaimYoungerThanTheLeaseIsStillInProgressAndIsTakenOverOnceItIsOlder()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var user = await app.CreateUserAsync();
        await AbandonedClaimAsync(app, user, "slow", applied: false, age: Lease - TimeSpan.FromSeconds(1));

        var early = await DepositAsync(user.Client, "slow");
        await ProblemAssert.IsProblemAsync(early, HttpStatusCode.Conflict, "idempotency_in_progress");
        Assert.Equal(0m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("available"));

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Created, (await DepositAsync(user.Client, "slow")).StatusCode);
        Assert.Equal(30m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
    }

    [Fact]
    public async Task TwoRetriesThatBothFindAKeyAbandonedTakeItOverOnce()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var barrier = new MeetAtFirstKeyReads(2);
        await using var node = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IInterceptor>(barrier)));
        var user = await app.CreateUserAsync();
        await AbandonedClaimAsync(app, user, "stuck", applied: false, age: Lease + TimeSpan.FromSeconds(1));
        var client = ClientOn(node, user);

        // Both read the abandoned claim before either takes it over, as two nodes would.
        var responses = await Task.WhenAll(DepositAsync(client, "stuck"), DepositAsync(client, "stuck"));

        Assert.True(barrier.Met, "The two retries did not both read the abandoned claim: the test did not race them.");
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created && !r.Headers.Contains("Idempotent-Replayed"));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{r.StatusCode}"));
        Assert.Equal(1, await app.WithDbAsync(db => db.Deposits.CountAsync(d => d.UserId == user.Id)));
        Assert.Equal(30m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
        await LedgerAssert.BalancedAsync(app);
    }

    /// <summary>
    /// PostgreSQL's only (<see cref="PostgresIdempotencyRecoveryTests"/>): SQLite has one writer, so no request can wait
    /// inside its transaction while a retry takes its key over.
    /// </summary>
    protected async Task ARequestThatOutlivedItsLeaseAndLostItsKeyToARetryCannotApplyItsChangeCore()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var hold = new HoldFirstDepositSave();
        await using var node = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IInterceptor>(hold)));
        var user = await app.CreateUserAsync();
        var client = ClientOn(node, user);

        // The first request stalls inside its deposit's transaction past the lease; a retry takes the key over and deposits.
        var first = DepositAsync(client, "slow");
        await hold.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        app.Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var retry = await DepositAsync(client, "slow");
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);

        // Its claim no longer holds the key, so its transaction must not commit: one deposit, and the retry's answer kept.
        hold.Release.SetResult();
        Assert.True((int)(await first).StatusCode >= 500, $"The stale request answered {(int)(await first).StatusCode}");
        Assert.Equal(1, await app.WithDbAsync(db => db.Deposits.CountAsync(d => d.UserId == user.Id)));
        Assert.Equal(30m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
        var replay = await DepositAsync(client, "slow");
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        await LedgerAssert.BalancedAsync(app);
    }

    [Fact]
    public async Task KeysOlderThanTheRetentionArePurgedInChunksAndYoungerOnesKept()
    {
        // Purged by hand: the worker would wake as the clock jumps and purge alongside, so the pass here could end first.
        await using var app = await GavelApp.StartAsync(Provider, s => s["Workers:IdempotencyPurgeEnabled"] = "false");
        var user = await app.CreateUserAsync();
        Assert.Equal(HttpStatusCode.Created, (await DepositAsync(user.Client, "old")).StatusCode);
        var claimedAt = app.Clock.GetUtcNow();
        await app.WithDbAsync(async db =>
        {
            // More than one chunk of old keys, so the purge has to go round.
            db.IdempotencyRecords.AddRange(Enumerable.Range(0, IdempotencyPurge.Chunk + 7).Select(i => new IdempotencyRecord
            {
                UserId = user.Id, Key = $"old-{i}", RequestHash = "x", CreatedAt = claimedAt.AddSeconds(-i), StatusCode = 201,
            }));
            return await db.SaveChangesAsync();
        });
        app.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(HttpStatusCode.Created, (await DepositAsync(await SignInAgainAsync(app, user), "young")).StatusCode);
        app.Clock.Advance(TimeSpan.FromHours(2));

        await app.Services.GetRequiredService<IdempotencyPurge>().RunOnceAsync(default);

        Assert.Equal(["young"], await app.WithDbAsync(db => db.IdempotencyRecords.Where(r => r.UserId == user.Id).Select(r => r.Key).ToListAsync()));

        // A retry after the retention is a new request (README).
        var client = await SignInAgainAsync(app, user);
        var late = await DepositAsync(client, "old");
        Assert.Equal(HttpStatusCode.Created, late.StatusCode);
        Assert.False(late.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(90m, (await client.GetJsonAsync("/api/wallet")).Decimal("available"));
    }

    /// <summary>A client with a new access token: the first expired hours ago on the fake clock.</summary>
    private static async Task<HttpClient> SignInAgainAsync(GavelApp app, TestUser user)
    {
        var stored = (await app.WithDbAsync(db => db.Users.FindAsync(user.Id).AsTask()))!;
        return app.WithToken(app.Services.GetRequiredService<Features.Accounts.TokenIssuer>().CreateAccessToken(stored).Token);
    }

    [Fact]
    public async Task ThePurgeWorkerGoesOnAfterAFailedPassAndPurgesOnTheNext()
    {
        // Only the node runs the worker, so its failure is the only purge there is.
        await using var app = await GavelApp.StartAsync(Provider, s =>
        {
            s["Workers:IdempotencyPurgeEnabled"] = "false";
            s["Idempotency:PurgeInterval"] = "00:00:05";
        });
        var failure = new FailFirstPurge();
        await using var node = app.WithWebHostBuilder(b => b
            .UseSetting("Workers:IdempotencyPurgeEnabled", "true")
            .ConfigureTestServices(s => s.AddSingleton<IInterceptor>(failure)));
        _ = node.Server;
        var user = await app.CreateUserAsync();
        await app.WithDbAsync(async db =>
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord { UserId = user.Id, Key = "expired", RequestHash = "x", CreatedAt = app.Clock.GetUtcNow().AddDays(-2), StatusCode = 201 });
            return await db.SaveChangesAsync();
        });

        var limit = System.Diagnostics.Stopwatch.StartNew();
        while (await app.WithDbAsync(db => db.IdempotencyRecords.AnyAsync(r => r.UserId == user.Id)))
        {
            Assert.True(limit.Elapsed < TimeSpan.FromSeconds(30), $"The expired key was not purged (a pass failed: {failure.Failed}).");
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
        }

        Assert.True(failure.Failed, "No purge failed: the test did not reach the failure.");
        Assert.Contains(app.Logs.Entries, e => e.Message.Contains("The idempotency key purge: the pass failed", StringComparison.Ordinal));
    }

    private static HttpClient ClientOn(WebApplicationFactory<Program> node, TestUser user)
    {
        var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", user.AccessToken);
        return client;
    }

    private static Task<HttpResponseMessage> DepositAsync(HttpClient client, string key) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/wallet/deposits")
        {
            Content = new StringContent(DepositBody, Encoding.UTF8, "application/json"),
            Headers = { { "Idempotency-Key", key } },
        });

    private static Task<HttpResponseMessage> BidAsync(HttpClient client, Guid auctionId, string key) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/auctions/{auctionId}/bids")
        {
            Content = new StringContent("""{"maxAmount":50}""", Encoding.UTF8, "application/json"),
            Headers = { { "Idempotency-Key", key } },
        });

    private static Task<IdempotencyRecord> RecordAsync(GavelApp app, Guid userId, string key) =>
        app.WithDbAsync(db => db.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.UserId == userId && r.Key == key));

    /// <summary>
    /// What a process that died after claiming a deposit's key and before answering leaves: the claim, no answer, and
    /// "applied" when the deposit had committed. The hash is the server's own (method, path, body), so the retry matches.
    /// </summary>
    private static Task AbandonedClaimAsync(GavelApp app, TestUser user, string key, bool applied, TimeSpan age) => app.WithDbAsync(async db =>
    {
        var claimedAt = app.Clock.GetUtcNow() - age;
        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            UserId = user.Id,
            Key = key,
            RequestHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("POST /api/wallet/deposits\n" + DepositBody))),
            CreatedAt = claimedAt,
            AppliedAt = applied ? claimedAt : null,
        });
        return await db.SaveChangesAsync();
    });

    /// <summary>Throws straight after the first commit that wrote ledger lines (a deposit's settling), as a crash there would.</summary>
    private sealed class FailAfterFirstLedgerCommit : DbTransactionInterceptor
    {
        private int failed;

        public bool Failed => Volatile.Read(ref failed) == 1;

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
            eventData.Context!.ChangeTracker.Entries<LedgerEntry>().Any() && Interlocked.CompareExchange(ref failed, 1, 0) == 0
                ? throw new InvalidOperationException("Injected failure after a commit.")
                : Task.CompletedTask;
    }

    /// <summary>Holds the first save of a new deposit, inside its transaction, until released.</summary>
    private sealed class HoldFirstDepositSave : SaveChangesInterceptor
    {
        private int held;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context!.ChangeTracker.Entries<Deposit>().Any(e => e.State == EntityState.Added) && Interlocked.Exchange(ref held, 1) == 0)
            {
                Entered.SetResult();
                await Release.Task;
            }

            return result;
        }
    }

    /// <summary>Fails the first purge, as a database error would.</summary>
    private sealed class FailFirstPurge : DbCommandInterceptor
    {
        private int failed;

        public bool Failed => Volatile.Read(ref failed) == 1;

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            command.CommandText.TrimStart().StartsWith("DELETE FROM \"IdempotencyRecords\"", StringComparison.Ordinal)
            && Interlocked.CompareExchange(ref failed, 1, 0) == 0
                ? throw new InvalidOperationException("Injected failure of a purge.")
                : ValueTask.FromResult(result);
    }

    /// <summary>Fails the first statement that stores a key's answer.</summary>
    private sealed class FailFirstAnswerStore : DbCommandInterceptor
    {
        private int failed;

        public bool Failed => Volatile.Read(ref failed) == 1;

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            command.CommandText.Contains("\"IdempotencyRecords\"", StringComparison.Ordinal)
            && command.CommandText.Contains("\"ResponseBody\"", StringComparison.Ordinal)
            && Interlocked.CompareExchange(ref failed, 1, 0) == 0
                ? throw new InvalidOperationException("Injected failure storing an answer.")
                : ValueTask.FromResult(result);
    }

    /// <summary>Holds the first <c>count</c> reads of an idempotency key until all of them have been made.</summary>
    private sealed class MeetAtFirstKeyReads(int count) : DbCommandInterceptor
    {
        private readonly TaskCompletionSource all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int arrived;

        public bool Met => all.Task.IsCompletedSuccessfully;

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(
            DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
                && command.CommandText.Contains("FROM \"IdempotencyRecords\"", StringComparison.Ordinal))
            {
                var me = Interlocked.Increment(ref arrived);
                if (me <= count)
                {
                    if (me == count)
                    {
                        all.TrySetResult();
                    }

                    await all.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                }
            }

            return result;
        }
    }
}

public sealed class SqliteIdempotencyRecoveryTests : IdempotencyRecoveryTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresIdempotencyRecoveryTests : IdempotencyRecoveryTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    [Fact]
    public Task ARequestThatOutlivedItsLeaseAndLostItsKeyToARetryCannotApplyItsChange() =>
        ARequestThatOutlivedItsLeaseAndLostItsKeyToARetryCannotApplyItsChangeCore();
}

using System.Net;
using System.Net.Http.Json;
using Gavel.Core.Data;
using Gavel.Core.Idempotency;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Gavel.Server.Tests.Platform;

/// <summary>SQLite locked by another process past its busy timeout: a moment's unavailability, like PostgreSQL away.</summary>
public sealed class BusyDatabaseTests
{
    [Fact]
    public async Task AnIdempotencyKeyThatCannotBeClaimedWhileTheDatabaseIsBusyAnswers503AndTheRetryIsAppliedOnce()
    {
        await using var app = await GavelApp.StartAsync(DatabaseProvider.Sqlite);
        var busy = new BusyOnFirstClaim();
        await using var node = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IInterceptor>(busy)));
        var user = await app.CreateUserAsync();
        var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", user.AccessToken);

        // Failing to store the key is not "another request claimed it first": there is no such request to replay.
        var first = await DepositAsync(client, "deposit-1");
        await ProblemAssert.IsProblemAsync(first, HttpStatusCode.ServiceUnavailable, "database_unavailable");
        Assert.NotNull(first.Headers.RetryAfter);

        Assert.Equal(HttpStatusCode.Created, (await DepositAsync(client, "deposit-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await DepositAsync(client, "deposit-1")).StatusCode); // replayed
        Assert.Equal(25m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("available"));
        await LedgerAssert.BalancedAsync(app);
    }

    private static Task<HttpResponseMessage> DepositAsync(HttpClient client, string key) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/wallet/deposits")
        {
            Content = JsonContent.Create(new { amount = 25m }),
            Headers = { { "Idempotency-Key", key } },
        });

    /// <summary>The first save of an idempotency key fails as SQLite's does when another process holds the write lock.</summary>
    private sealed class BusyOnFirstClaim : SaveChangesInterceptor
    {
        private int failed;

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            eventData.Context!.ChangeTracker.Entries<IdempotencyRecord>().Any(e => e.State == EntityState.Added) && Interlocked.Exchange(ref failed, 1) == 0
                ? throw new DbUpdateException("An error occurred while saving the entity changes.", new SqliteException("SQLite Error 5: 'database is locked'.", 5))
                : ValueTask.FromResult(result);
    }
}

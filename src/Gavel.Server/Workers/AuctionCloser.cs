using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Workers;

public sealed class WorkerOptions
{
    public const string Section = "Workers";

    /// <summary>Off in tests that drive the closer by hand.</summary>
    public bool CloserEnabled { get; set; } = true;

    /// <summary>Delivers the notification outbox (push and email).</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>Writes "ending soon" reminders.</summary>
    public bool EndingSoonEnabled { get; set; } = true;

    /// <summary>Deletes expired Idempotency-Key records (<see cref="IdempotencyPurge"/>); off in tests that purge by hand.</summary>
    public bool IdempotencyPurgeEnabled { get; set; } = true;

    /// <summary>Asks the provider again about stale pending payments (<see cref="PaymentReconciler"/>); off in tests that run it by hand.</summary>
    public bool PaymentReconcilerEnabled { get; set; } = true;
}

/// <summary>
/// Starts scheduled auctions, ends auctions at their (extended) end and settles ended ones. It sleeps until
/// the next auction is due to start or end (at most one interval), so lateness stays well under a second. Each step is its
/// own guarded transaction: after a crash the next pass finishes what was left, and nothing runs twice.
/// </summary>
internal sealed class AuctionCloser(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<AuctionOptions> options, ILogger<AuctionCloser> logger)
{
    private const int Batch = 200;

    /// <summary>Settlements per transaction: enough to amortise a commit, few enough not to hold SQLite's writer for long.</summary>
    private const int SettleChunk = 20;

    /// <summary>Runs one pass and returns when the next auction is due to start or end, whichever is first, if one is.</summary>
    public async Task<DateTimeOffset?> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GavelDbContext>();
        var now = clock.GetUtcNow();

        var starting = await db.Auctions.Where(a => a.Status == AuctionStatus.Scheduled && a.StartsAt <= now)
            .OrderBy(a => a.StartsAt).Select(a => a.Id).Take(Batch).ToListAsync(ct);
        foreach (var id in starting)
        {
            await db.WriteAsync(async token => (await db.LockAuctionAsync(id, token))?.Activate(clock.GetUtcNow()) ?? false, ct);
        }

        var due = await db.Auctions.Where(a => (a.Status == AuctionStatus.Live || a.Status == AuctionStatus.Scheduled) && a.EndsAt <= now)
            .OrderBy(a => a.EndsAt).Select(a => a.Id).Take(Batch).ToListAsync(ct);
        if (due.Count > 0)
        {
            // Every due auction ends in one urgent transaction: ending is what lateness measures, and it moves no money.
            foreach (var id in await AuctionSettlement.CloseDueAsync(db, due, clock, ct))
            {
                logger.LogInformation("Auction {AuctionId} ended", id);
            }
        }

        // Live updates for both steps come from the after-commit publisher (ADR 0007), not from here.

        var ended = await db.Auctions.Where(a => a.Status == AuctionStatus.Ended).OrderBy(a => a.EndsAt).Select(a => a.Id).Take(Batch).ToListAsync(ct);
        foreach (var chunk in ended.Chunk(SettleChunk))
        {
            await SettleAsync(db, chunk, ct);
        }

        // A start is due as much as an end: sleeping until the next end alone would start an auction up to an interval late.
        var nextEnd = await db.Auctions
            .Where(a => a.Status == AuctionStatus.Live || a.Status == AuctionStatus.Scheduled)
            .OrderBy(a => a.EndsAt).Select(a => (DateTimeOffset?)a.EndsAt).FirstOrDefaultAsync(ct);
        var nextStart = await db.Auctions
            .Where(a => a.Status == AuctionStatus.Scheduled && a.StartsAt != null)
            .OrderBy(a => a.StartsAt).Select(a => a.StartsAt).FirstOrDefaultAsync(ct);
        return nextStart < nextEnd || nextEnd is null ? nextStart : nextEnd;
    }

    /// <summary>
    /// Settles a chunk in one transaction; should it fail, each auction is settled alone so that one auction's
    /// problem neither blocks the others nor hides which auction it is.
    /// </summary>
    private async Task SettleAsync(GavelDbContext db, Guid[] chunk, CancellationToken ct)
    {
        try
        {
            await AuctionSettlement.SettleManyAsync(db, chunk, options.Value, clock, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && chunk.Length > 1 && !DatabaseFailures.IsUnavailable(ex))
        {
            // One by one finds an auction that cannot settle; with the database away each would only fail again.
            logger.LogWarning(ex, "Settling {Count} auctions together failed; settling them one by one", chunk.Length);
            foreach (var id in chunk)
            {
                try
                {
                    await AuctionSettlement.SettleAsync(db, id, options.Value, clock, ct);
                }
                catch (Exception one) when (one is not OperationCanceledException && !DatabaseFailures.IsUnavailable(one))
                {
                    logger.LogError(one, "Settling auction {AuctionId} failed; the next pass tries again", id);
                }
            }
        }
    }
}

internal sealed class AuctionCloserService(
    AuctionCloser closer, TimeProvider clock, IOptions<AuctionOptions> options, IOptions<WorkerOptions> workers, ILogger<AuctionCloserService> logger)
    : BackgroundService
{
    /// <summary>The longest wait between failed passes: what ended during an outage is closed this soon after it.</summary>
    private static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!workers.Value.CloserEnabled)
        {
            return;
        }

        var backoff = new RetryBackoff("The auction closer", options.Value.CloserInterval, MaxRetryWait, logger);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.Value.CloserInterval;
            try
            {
                var next = await closer.RunOnceAsync(stoppingToken);
                backoff.Succeeded();
                if (next is { } due)
                {
                    var untilNext = due - clock.GetUtcNow();
                    wait = untilNext < TimeSpan.FromMilliseconds(20) ? TimeSpan.FromMilliseconds(20) : untilNext < wait ? untilNext : wait;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever failed (the database away, a timeout surfacing as a cancellation), the closer must go on.
                wait = backoff.Failed(ex);
            }

            try
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

internal static class AuctionCloserSetup
{
    public static IServiceCollection AddAuctionCloser(this IServiceCollection services)
    {
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section);
        services.AddSingleton<AuctionCloser>();
        services.AddHostedService<AuctionCloserService>();
        return services;
    }
}

using Gavel.Core.Data;
using Gavel.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Workers;

/// <summary>
/// Deletes Idempotency-Key records older than <see cref="IdempotencyOptions.Retention"/>, a bounded chunk per transaction
/// so SQLite's one writer is never held long. A retry after that is a new request. Nodes that purge at the same time
/// only share the work.
/// </summary>
internal sealed class IdempotencyPurge(IServiceScopeFactory scopes, TimeProvider clock, IOptions<IdempotencyOptions> options)
{
    public const int Chunk = 500;

    /// <summary>Deletes every expired record, chunk by chunk; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GavelDbContext>();
        var cutoff = clock.GetUtcNow() - options.Value.Retention;
        var total = 0;
        while (true)
        {
            var deleted = await db.WriteAsync(
                token => db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff).OrderBy(r => r.CreatedAt).Take(Chunk).ExecuteDeleteAsync(token), ct);
            total += deleted;
            if (deleted < Chunk)
            {
                return total;
            }
        }
    }
}

internal sealed partial class IdempotencyPurgeService(
    IdempotencyPurge purge, TimeProvider clock, IOptions<IdempotencyOptions> options, IOptions<WorkerOptions> workers, ILogger<IdempotencyPurgeService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!workers.Value.IdempotencyPurgeEnabled)
        {
            return;
        }

        var interval = options.Value.PurgeInterval;
        var backoff = new RetryBackoff("The idempotency key purge", interval, interval * 6, logger);
        var wait = interval;
        while (true)
        {
            try
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var deleted = await purge.RunOnceAsync(stoppingToken);
                backoff.Succeeded();
                wait = interval;
                if (deleted > 0)
                {
                    LogPurged(deleted);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database away or busy: the records wait for the next pass, the worker goes on.
                wait = backoff.Failed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {Count} expired Idempotency-Key records")]
    private partial void LogPurged(int count);
}

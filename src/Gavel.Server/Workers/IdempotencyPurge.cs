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
    : PeriodicWorker("The idempotency key purge", clock, logger)
{
    protected override bool Enabled => workers.Value.IdempotencyPurgeEnabled;

    protected override TimeSpan Interval => options.Value.PurgeInterval;

    protected override async Task RunPassAsync(CancellationToken ct)
    {
        var deleted = await purge.RunOnceAsync(ct);
        if (deleted > 0)
        {
            LogPurged(Logger, deleted);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {Count} expired Idempotency-Key records")]
    private static partial void LogPurged(ILogger logger, int count);
}

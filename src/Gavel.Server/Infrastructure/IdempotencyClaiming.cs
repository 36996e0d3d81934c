using Gavel.Core.Data;
using Gavel.Core.Idempotency;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Infrastructure;

/// <summary>Taking a request's Idempotency-Key (<see cref="Idempotency"/>).</summary>
internal static partial class IdempotencyClaiming
{
    /// <summary>
    /// Claims the key: a new record, or an abandoned claim (no answer, not applied, older than the lease) taken over with
    /// a conditional UPDATE on its old claim time, so that of two retries on two nodes only one runs. Null and the record
    /// that answers instead when the key is another request's (null record only when it kept changing under us).
    /// </summary>
    public static async Task<(IdempotencyClaim? Claim, IdempotencyRecord? Existing)> ClaimAsync(
        HttpContext context, GavelDbContext db, Guid userId, string key, string hash, TimeProvider clock, TimeSpan lease)
    {
        var ct = context.RequestAborted;
        IdempotencyRecord? existing = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            existing = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key, ct);
            var claim = new IdempotencyClaim(userId, key, ClaimTime(clock));
            if (existing is null)
            {
                if (await TryInsertAsync(db, new IdempotencyRecord { UserId = userId, Key = key, RequestHash = hash, CreatedAt = claim.ClaimedAt }, ct))
                {
                    return (claim, null);
                }
            }
            else if (existing.RequestHash == hash && existing.StatusCode is null && existing.AppliedAt is null && existing.CreatedAt <= claim.ClaimedAt - lease)
            {
                if (await TryTakeOverAsync(db, existing, claim, ct))
                {
                    LogTakenOver(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Idempotency)), existing.CreatedAt);
                    return (claim, null);
                }
            }
            else
            {
                return (null, existing);
            }
        }

        return (null, existing);
    }

    private static async Task<bool> TryInsertAsync(GavelDbContext db, IdempotencyRecord record, CancellationToken ct)
    {
        try
        {
            return await db.WriteAsync(_ =>
            {
                db.IdempotencyRecords.Add(record);
                return Task.FromResult(true);
            }, ct);
        }
        catch (DbUpdateException ex) when (!DatabaseFailures.IsUnavailable(ex))
        {
            // Another request claimed the key first. (A save that failed because the database is away or busy claimed
            // nothing and has no first request to replay: it goes on up as a 503.)
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static Task<bool> TryTakeOverAsync(GavelDbContext db, IdempotencyRecord abandoned, IdempotencyClaim claim, CancellationToken ct) =>
        db.WriteAsync(async token => await db.IdempotencyRecords
            .Where(r => r.UserId == abandoned.UserId && r.Key == abandoned.Key && r.CreatedAt == abandoned.CreatedAt && r.StatusCode == null && r.AppliedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, claim.ClaimedAt), token) == 1, ct);

    /// <summary>Now, to the microsecond PostgreSQL stores, so the claim time read back is the one the claim holds.</summary>
    private static DateTimeOffset ClaimTime(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMicrosecond));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An Idempotency-Key claimed at {ClaimedAt:O} had no answer after the lease and was not applied; a retry takes it over and runs")]
    private static partial void LogTakenOver(ILogger logger, DateTimeOffset claimedAt);
}

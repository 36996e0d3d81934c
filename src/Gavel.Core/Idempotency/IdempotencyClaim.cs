using Gavel.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Core.Idempotency;

/// <summary>
/// A request's hold on its Idempotency-Key: the record's key and the claim time it holds it by
/// (<see cref="IdempotencyRecord.CreatedAt"/>). Marking it applied inside the transaction that makes the request's
/// change is the recovery point (docs/adr/0013-idempotency-recovery-point.md).
/// </summary>
public sealed record IdempotencyClaim(Guid UserId, string Key, DateTimeOffset ClaimedAt)
{
    /// <summary>The record, while this claim still holds it.</summary>
    public IQueryable<IdempotencyRecord> Record(GavelDbContext db) =>
        db.IdempotencyRecords.Where(r => r.UserId == UserId && r.Key == Key && r.CreatedAt == ClaimedAt);

    /// <summary>
    /// Marks the record applied in <paramref name="db"/>'s current transaction, now, with one statement. 0 when the
    /// claim no longer holds the record (taken over or purged): the caller must not commit its change.
    /// </summary>
    public Task<int> MarkAppliedAsync(GavelDbContext db, DateTimeOffset at, CancellationToken ct) =>
        Record(db).ExecuteUpdateAsync(s => s.SetProperty(r => r.AppliedAt, r => r.AppliedAt ?? at), ct);

    /// <inheritdoc cref="MarkAppliedAsync"/>
    public int MarkApplied(GavelDbContext db, DateTimeOffset at) =>
        Record(db).ExecuteUpdate(s => s.SetProperty(r => r.AppliedAt, r => r.AppliedAt ?? at));

    /// <summary>
    /// Marks the record applied with the context's next SaveChanges, in its batch of statements rather than a round trip
    /// of its own (group-committed bids). The claim time is the record's concurrency token: a claim that no longer holds
    /// the record fails that SaveChanges, and the change with it.
    /// </summary>
    public void StageApplied(GavelDbContext db, DateTimeOffset at)
    {
        var record = new IdempotencyRecord { UserId = UserId, Key = Key, RequestHash = string.Empty, CreatedAt = ClaimedAt };
        db.IdempotencyRecords.Attach(record);
        record.AppliedAt = at;
    }
}

/// <summary>
/// A request's claim on its Idempotency-Key was taken over (it ran longer than Idempotency:Lease) or purged before its
/// change committed: the change is not committed, since the request that took the key over may be making it.
/// </summary>
public sealed class IdempotencyClaimLostException(IdempotencyClaim claim)
    : InvalidOperationException($"The claim on Idempotency-Key '{claim.Key}' made at {claim.ClaimedAt:O} no longer holds the key; the change was not committed.");

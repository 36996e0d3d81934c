using System.Data.Common;
using System.Runtime.CompilerServices;
using Gavel.Core.Data;
using Gavel.Core.Idempotency;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gavel.Server.Infrastructure;

/// <summary>
/// The recovery point of an idempotent request that writes on its own <see cref="GavelDbContext"/> (deposits,
/// withdrawals, buy-now, bids without group commit): the middleware arms the request's context with its claim once the
/// claim has committed, and the first transaction that context commits after that marks the key applied with one UPDATE
/// on the same connection and transaction, just before its COMMIT. The change and "applied" then commit or roll back
/// together, so a request that fails after its change committed cannot be run again by a retry
/// (docs/adr/0013-idempotency-recovery-point.md).
/// </summary>
/// <remarks>
/// The claim is kept against the context instance, as <c>AfterCommitPublisher</c> keeps what it publishes, rather than
/// in a scoped interceptor: the context options' lifetime (scoped today, a singleton under context pooling) then cannot
/// make two requests share a claim. Group-committed bids are written on another context and mark their keys in their
/// batch (<see cref="IdempotencyClaim.StageApplied"/>). "Applied" means a write transaction of the request committed:
/// one that changed nothing (a 404, a refused bid on its own) marks it too, which only matters if its answer is then
/// lost, and then errs on the safe side.
/// </remarks>
internal sealed class IdempotencyRecoveryPoint(TimeProvider clock) : DbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Armed> armed = [];

    public void Arm(GavelDbContext db, IdempotencyClaim claim) => armed.AddOrUpdate(db, new Armed(claim));

    /// <summary>Before the middleware's own writes on the record: those are not the request's change.</summary>
    public void Disarm(GavelDbContext db) => armed.Remove(db);

    /// <summary>The claim the request on this context holds, for a writer that commits on another context (the bid batcher).</summary>
    public IdempotencyClaim? ClaimOf(GavelDbContext db) => armed.TryGetValue(db, out var state) ? state.Claim : null;

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (ToMark(eventData) is { } state)
        {
            Marked(state, await state.Claim.MarkAppliedAsync((GavelDbContext)eventData.Context!, clock.GetUtcNow(), cancellationToken));
        }

        return result;
    }

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (ToMark(eventData) is { } state)
        {
            Marked(state, state.Claim.MarkApplied((GavelDbContext)eventData.Context!, clock.GetUtcNow()));
        }

        return result;
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        // Known applied: later transactions of the request need not mark it again (and no one can take it over now).
        if (eventData.Context is { } context && armed.TryGetValue(context, out var state) && state.Marking)
        {
            state.Applied = true;
        }
    }

    private Armed? ToMark(TransactionEventData eventData) =>
        eventData.Context is GavelDbContext db && armed.TryGetValue(db, out var state) && !state.Applied ? state : null;

    private static void Marked(Armed state, int rows)
    {
        // A commit that then fails or rolls back leaves Marking set; the next transaction marks again, harmlessly.
        state.Marking = rows == 1 ? true : throw new IdempotencyClaimLostException(state.Claim);
    }

    private sealed class Armed(IdempotencyClaim claim)
    {
        public IdempotencyClaim Claim { get; } = claim;

        /// <summary>This request's mark is in a transaction that was committing.</summary>
        public bool Marking { get; set; }

        public bool Applied { get; set; }
    }
}

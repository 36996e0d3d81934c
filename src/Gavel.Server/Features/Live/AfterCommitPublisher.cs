using System.Data.Common;
using System.Runtime.CompilerServices;
using Gavel.Core.Auctions;
using Gavel.Core.Notifications;
using Gavel.Server.Features.Images;
using Gavel.Server.Features.Notifications;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gavel.Server.Features.Live;

/// <summary>
/// Publishes what a write transaction changed only once it has committed: an <see cref="AuctionUpdate"/> for every
/// auction whose sequence moved, a wake-up for the notification dispatcher when notifications were written, and a
/// <see cref="PhotoUpdate"/> to the seller for every photo queued or finished (<see cref="PhotoUpdates"/>).
/// Hooking the commit itself means no endpoint, worker or tool can forget to publish, or publish a change that then
/// rolled back (docs/adr/0006-publishing-after-commit.md).
/// </summary>
internal sealed class AfterCommitPublisher(
    IHubContext<LiveHub, ILiveClient> hub, NotificationSignal signal, PhotoUpdates photos, TimeProvider clock, ILogger<AfterCommitPublisher> logger)
    : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Pending> pending = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            Collect(context);
        }

        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
        {
            Collect(context);
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        // Outside an explicit transaction SaveChanges committed on its own.
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null)
        {
            await FlushAsync(context);
        }

        return result;
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            pending.Remove(context);
        }

        return Task.CompletedTask;
    }

    public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        // A retried transaction starts over: whatever an aborted attempt collected never happened.
        if (eventData.Context is { } context)
        {
            pending.Remove(context);
        }

        return ValueTask.FromResult(result);
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            await FlushAsync(context);
        }
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            pending.Remove(context);
        }

        return Task.CompletedTask;
    }

    private void Collect(DbContext context)
    {
        context.ChangeTracker.DetectChanges();
        var now = clock.GetUtcNow();
        var state = pending.GetOrCreateValue(context);
        foreach (var entry in context.ChangeTracker.Entries<Auction>())
        {
            var sequence = entry.Property(a => a.LastSequence);
            if (entry.State == EntityState.Modified && sequence.IsModified && sequence.OriginalValue != sequence.CurrentValue)
            {
                state.Updates[entry.Entity.Id] = AuctionUpdate.From(entry.Entity, now);
            }
        }

        state.Notifications |= context.ChangeTracker.Entries<Notification>().Any(e => e.State == EntityState.Added);
        PhotoUpdates.Collect(context, now, state.Photos);
    }

    private async Task FlushAsync(DbContext context)
    {
        if (!pending.TryGetValue(context, out var state))
        {
            return;
        }

        pending.Remove(context);
        if (state.Notifications)
        {
            signal.Wake();
        }

        foreach (var update in state.Updates.Values)
        {
            try
            {
                await hub.Clients.Group(LiveHub.AuctionGroup(update.AuctionId)).AuctionUpdated(update);
            }
            catch (Exception ex)
            {
                // The change is committed whatever happens here; a follower that misses this catches up by sequence.
                logger.LogWarning(ex, "Could not publish update {Sequence} of auction {AuctionId}", update.Sequence, update.AuctionId);
            }
        }

        await photos.PublishAsync(state.Photos.Values);
    }

    private sealed class Pending
    {
        public Dictionary<Guid, AuctionUpdate> Updates { get; } = [];

        public bool Notifications { get; set; }

        /// <summary>Photos queued or finished, for their seller (Images/PhotoUpdates).</summary>
        public Dictionary<Guid, (Guid SellerId, PhotoUpdate Update)> Photos { get; } = [];
    }
}

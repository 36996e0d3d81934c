using System.Data.Common;
using System.Runtime.CompilerServices;
using Gavel.Core.Auctions;
using Gavel.Core.Notifications;
using Gavel.Server.Features.Images;
using Gavel.Server.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gavel.Server.Features.Live;

/// <summary>
/// Publishes what a write transaction changed only once it has committed: an <see cref="AuctionUpdate"/> for every
/// auction whose sequence moved, and a wake-up for the notification dispatcher when notifications were written.
/// The same point feeds the web app's interactive components in-process (<see cref="LiveFeed"/>): the auction
/// updates, including going live (a sequenced event, so hub clients hear of it too), a draft being published (a status
/// change with no sequence number, so hub clients do not), and each new notification for its user's badge and toasts.
/// Photos queued or finished go to their seller, over the hub and the feed (<see cref="PhotoUpdates"/>). Hooking the
/// commit itself means no endpoint, worker or tool can forget to publish, or publish a change that then rolled back
/// (docs/adr/0007-publishing-after-commit.md).
/// Nothing here waits on the network: hub sends are queued for <see cref="HubSender"/> and the feed delivers off this
/// thread, so the committing request answers as soon as its transaction has committed, whatever state Redis is in.
/// </summary>
internal sealed class AfterCommitPublisher(
    HubSendQueue hub, LiveFeed feed, NotificationSignal signal, PhotoUpdates photos, TimeProvider clock)
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

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        // Outside an explicit transaction SaveChanges committed on its own.
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null)
        {
            Flush(context);
        }

        return ValueTask.FromResult(result);
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

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            Flush(context);
        }

        return Task.CompletedTask;
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            pending.Remove(context);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Records the auction as it is now, as one sequenced update to publish after the commit. For a writer that moves
    /// one auction several times in one transaction (group-committed bids): the commit alone would see only the last
    /// state, and followers would see a gap in the sequence for every bid before it.
    /// </summary>
    public void Stage(DbContext context, Auction auction) =>
        pending.GetOrCreateValue(context).Staged.Add(AuctionUpdate.From(auction, clock.GetUtcNow()));

    /// <summary>
    /// Publishes what the context's transaction changed, for a writer that found it committed although its commit threw
    /// (the reply lost with the connection): the commit hook never saw that commit, and what it collected is still here.
    /// </summary>
    public void PublishCommitted(DbContext context) => Flush(context);

    private void Collect(DbContext context)
    {
        context.ChangeTracker.DetectChanges();
        var now = clock.GetUtcNow();
        var state = pending.GetOrCreateValue(context);
        foreach (var entry in context.ChangeTracker.Entries<Auction>())
        {
            var sequence = entry.Property(a => a.LastSequence);
            var sequenced = entry.State == EntityState.Modified && sequence.IsModified && sequence.OriginalValue != sequence.CurrentValue;
            var status = entry.Property(a => a.Status);
            if (sequenced || (entry.State == EntityState.Modified && status.IsModified && status.OriginalValue != status.CurrentValue))
            {
                var earlier = state.Updates.TryGetValue(entry.Entity.Id, out var seen) && seen.Sequenced;
                state.Updates[entry.Entity.Id] = (AuctionUpdate.From(entry.Entity, now), sequenced || earlier);
            }
        }

        foreach (var entry in context.ChangeTracker.Entries<Notification>().Where(e => e.State == EntityState.Added))
        {
            state.Notifications[entry.Entity.Id] = entry.Entity;
        }

        foreach (var entry in context.ChangeTracker.Entries<NotificationDelivery>()
            .Where(e => e.State == EntityState.Added && e.Entity.Channel == NotificationChannel.Push))
        {
            state.Pushed.Add(entry.Entity.NotificationId);
        }

        PhotoUpdates.Collect(context, now, state.Photos);
    }

    private void Flush(DbContext context)
    {
        if (!pending.TryGetValue(context, out var state))
        {
            return;
        }

        pending.Remove(context);
        if (state.Notifications.Count > 0)
        {
            signal.Wake();
        }

        var staged = new Dictionary<Guid, long>();
        foreach (var update in state.Staged)
        {
            feed.Publish(update);
            hub.Enqueue(new AuctionUpdatedMessage(update));
            staged[update.AuctionId] = update.Sequence;
        }

        foreach (var (update, sequenced) in state.Updates.Values)
        {
            if (staged.TryGetValue(update.AuctionId, out var last) && last >= update.Sequence)
            {
                continue; // already published, step by step
            }

            feed.Publish(update);
            if (sequenced)
            {
                hub.Enqueue(new AuctionUpdatedMessage(update));
            }
        }

        foreach (var notification in state.Notifications.Values)
        {
            feed.Publish(new NotificationCommitted(
                notification.UserId, PushDelivery.ToMessage(notification), notification.InInbox, state.Pushed.Contains(notification.Id)));
        }

        photos.Publish(state.Photos.Values);
    }

    private sealed class Pending
    {
        /// <summary>The latest snapshot of each changed auction; Sequenced when it is an event hub clients get.</summary>
        public Dictionary<Guid, (AuctionUpdate Update, bool Sequenced)> Updates { get; } = [];

        /// <summary>Sequenced updates recorded one step at a time (<see cref="Stage"/>), in the order they happened.</summary>
        public List<AuctionUpdate> Staged { get; } = [];

        public Dictionary<Guid, Notification> Notifications { get; } = [];

        /// <summary>Notifications the user's preferences send by push: the web app shows those as toasts.</summary>
        public HashSet<Guid> Pushed { get; } = [];

        /// <summary>Photos queued or finished, for their seller (Images/PhotoUpdates).</summary>
        public Dictionary<Guid, (Guid SellerId, PhotoUpdate Update)> Photos { get; } = [];
    }
}

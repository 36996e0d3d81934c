using System.Collections.Concurrent;
using Gavel.Core.Images;
using Gavel.Server.Features.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Features.Images;

/// <summary>
/// Photo status changes, published by <see cref="AfterCommitPublisher"/> once the transaction that made them has
/// committed: a photo queued by an upload (processing), and a photo the processor finished (ready or failed). Each goes
/// to the seller's SignalR user group (every node, through the backplane) and to the interactive components of this
/// process that subscribed (the edit page's photo manager). A rolled back change publishes nothing.
/// </summary>
internal sealed class PhotoUpdates(IHubContext<LiveHub, ILiveClient> hub, ILogger<PhotoUpdates> logger)
{
    private readonly ConcurrentDictionary<Guid, Func<PhotoUpdate, Task>> listeners = new();

    /// <summary>Called while saving: the photos added, or whose status moved, in this unit of work.</summary>
    public static void Collect(DbContext context, DateTimeOffset now, Dictionary<Guid, (Guid SellerId, PhotoUpdate Update)> into)
    {
        foreach (var entry in context.ChangeTracker.Entries<AuctionImage>())
        {
            var status = entry.Property(i => i.Status);
            var changed = entry.State == EntityState.Added
                || (entry.State == EntityState.Modified && status.IsModified && status.OriginalValue != status.CurrentValue);
            if (changed)
            {
                into[entry.Entity.Id] = (entry.Entity.SellerId, entry.Entity.ToUpdate(now));
            }
        }
    }

    /// <summary>In-process listeners, e.g. an interactive component; a listener that throws is logged and stays subscribed.</summary>
    public IDisposable Subscribe(Func<PhotoUpdate, Task> listener)
    {
        var id = Guid.NewGuid();
        listeners[id] = listener;
        return new Subscription(() => listeners.TryRemove(id, out _));
    }

    /// <summary>After the commit. Never throws: the change is committed whatever happens here.</summary>
    public async Task PublishAsync(IEnumerable<(Guid SellerId, PhotoUpdate Update)> updates)
    {
        foreach (var (sellerId, update) in updates)
        {
            try
            {
                await hub.Clients.Group(LiveHub.UserGroup(sellerId)).PhotoUpdated(update);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Could not push the status of photo {ImageId}", update.ImageId);
            }

            foreach (var listener in listeners.Values)
            {
                _ = DeliverAsync(listener, update);
            }
        }
    }

    private async Task DeliverAsync(Func<PhotoUpdate, Task> listener, PhotoUpdate update)
    {
        try
        {
            await listener(update);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A photo update listener failed for {ImageId}", update.ImageId);
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}

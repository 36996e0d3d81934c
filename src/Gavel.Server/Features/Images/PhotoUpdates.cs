using Gavel.Core.Images;
using Gavel.Server.Features.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Features.Images;

/// <summary>One of the user's photos was queued or finished: the in-process side of <see cref="ILiveClient.PhotoUpdated"/>.</summary>
internal sealed record PhotoChanged(Guid UserId, PhotoUpdate Update) : UserEvent(UserId);

/// <summary>
/// Photo status changes, published by <see cref="AfterCommitPublisher"/> once the transaction that made them has
/// committed: a photo queued by an upload (processing), and a photo the processor finished (ready or failed). Each goes
/// to the seller's SignalR user group (every node, through the backplane) and, as a <see cref="PhotoChanged"/>, to the
/// seller's listeners on the <see cref="LiveFeed"/> of this node (the edit page's photo manager). A rolled back change
/// publishes nothing.
/// </summary>
internal sealed class PhotoUpdates(IHubContext<LiveHub, ILiveClient> hub, LiveFeed feed, ILogger<PhotoUpdates> logger)
{
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

    /// <summary>After the commit. Never throws: the change is committed whatever happens here.</summary>
    public async Task PublishAsync(IEnumerable<(Guid SellerId, PhotoUpdate Update)> updates)
    {
        foreach (var (sellerId, update) in updates)
        {
            feed.Publish(new PhotoChanged(sellerId, update));
            try
            {
                await hub.Clients.Group(LiveHub.UserGroup(sellerId)).PhotoUpdated(update);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Could not push the status of photo {ImageId}", update.ImageId);
            }
        }
    }
}

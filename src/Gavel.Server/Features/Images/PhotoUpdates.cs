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
/// publishes nothing. The hub send leaves through the <see cref="HubSendQueue"/>, off the committing request.
/// </summary>
internal sealed class PhotoUpdates(HubSendQueue hub, LiveFeed feed)
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

    /// <summary>After the commit. Never waits and never throws: the change is committed whatever happens here.</summary>
    public void Publish(IEnumerable<(Guid SellerId, PhotoUpdate Update)> updates)
    {
        foreach (var (sellerId, update) in updates)
        {
            feed.Publish(new PhotoChanged(sellerId, update));
            hub.Enqueue(new PhotoUpdatedMessage(sellerId, update));
        }
    }
}

/// <summary>A photo's status for its seller's connections.</summary>
internal sealed record PhotoUpdatedMessage(Guid SellerId, PhotoUpdate Update) : HubMessage
{
    public override Task SendAsync(IHubClients<ILiveClient> clients) => clients.Group(LiveHub.UserGroup(SellerId)).PhotoUpdated(Update);

    public override void LogFailed(ILogger logger, Exception ex) =>
        logger.LogWarning(ex, "Could not push the status of photo {ImageId}", Update.ImageId);

    public override void LogDropped(ILogger logger) =>
        logger.LogWarning("The hub send queue is full: dropped the {Status} status of photo {ImageId}", Update.Status, Update.ImageId);
}

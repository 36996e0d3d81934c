using Gavel.Core.Notifications;
using Gavel.Server.Features.Auctions;
using Gavel.Server.Features.Live;
using Microsoft.AspNetCore.SignalR;

namespace Gavel.Server.Features.Notifications;

/// <summary>Pushes a notification to every connection of its user, on this node or (with the Redis backplane) any other.</summary>
internal sealed class PushDelivery(IHubContext<LiveHub, ILiveClient> hub)
{
    public async Task<DeliveryOutcome> SendAsync(Notification notification)
    {
        // Sent means handed to SignalR: a user with no open connection reads it in the inbox instead.
        await hub.Clients.Group(LiveHub.UserGroup(notification.UserId)).Notification(ToMessage(notification));
        return DeliveryOutcome.Sent;
    }

    public static NotificationMessage ToMessage(Notification n) =>
        new(n.Id, AuctionDetails.ToCamel(n.Kind.ToString()), n.AuctionId, n.Title, n.Body, n.Data, n.CreatedAt);
}

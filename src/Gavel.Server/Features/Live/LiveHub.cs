using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Features.Live;

/// <summary>
/// /hubs/live. Hub methods only join and leave groups: every change goes through the HTTP API, which publishes
/// after its transaction commits. Anyone may follow an auction anyone may read (not someone else's draft); a signed-in
/// connection also joins its user's group, and is closed if its user is suspended (<see cref="LiveConnections"/>).
/// </summary>
internal sealed class LiveHub(GavelDbContext db, LiveConnections connections) : Hub<ILiveClient>
{
    public static string AuctionGroup(Guid auctionId) => $"auction:{auctionId:N}";

    public static string UserGroup(Guid userId) => $"user:{userId:N}";

    public override async Task OnConnectedAsync()
    {
        if (Context.User?.Identity?.IsAuthenticated == true)
        {
            var userId = Context.User.GetUserId();
            connections.Add(userId, Context);
            await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(userId));
        }

        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.User?.Identity?.IsAuthenticated == true)
        {
            connections.Remove(Context.User.GetUserId(), Context);
        }

        return base.OnDisconnectedAsync(exception);
    }

    public async Task Follow(Guid auctionId)
    {
        var viewer = Context.User?.Identity?.IsAuthenticated == true ? Context.User.GetUserId() : (Guid?)null;
        var visible = auctionId != Guid.Empty && await db.Auctions.AnyAsync(
            a => a.Id == auctionId && (a.Status != AuctionStatus.Draft || a.SellerId == viewer), Context.ConnectionAborted);
        if (!visible)
        {
            // The same answer for an unknown id and someone else's draft: the hub does not tell which ids exist.
            throw new HubException($"There is no auction {auctionId} to follow.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, AuctionGroup(auctionId));
    }

    public Task Unfollow(Guid auctionId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, AuctionGroup(auctionId));
}

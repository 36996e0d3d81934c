using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Features.Live;

/// <summary>
/// /hubs/live. Hub methods only join and leave groups: every change goes through the HTTP API, which publishes
/// after its transaction commits. Anyone may follow an auction; a signed-in connection also joins its user's group.
/// </summary>
internal sealed class LiveHub(GavelDbContext db, LiveFeed feed) : Hub<ILiveClient>
{
    private const string SuspensionWatch = "suspension-watch";

    public static string AuctionGroup(Guid auctionId) => $"auction:{auctionId:N}";

    public static string UserGroup(Guid userId) => $"user:{userId:N}";

    public override async Task OnConnectedAsync()
    {
        if (Context.User?.Identity?.IsAuthenticated == true)
        {
            var userId = Context.User.GetUserId();

            // The token is checked once, here: a connection open when its user is suspended would otherwise keep
            // receiving their notifications. The hub instance is per call, so the context is captured, not `this`.
            var connection = Context;
            Context.Items[SuspensionWatch] = feed.FollowUser(userId, change =>
            {
                if (change is UserSuspended)
                {
                    connection.Abort();
                }

                return Task.CompletedTask;
            });
            await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(userId));
        }

        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        (Context.Items[SuspensionWatch] as IDisposable)?.Dispose();
        return base.OnDisconnectedAsync(exception);
    }

    public async Task Follow(Guid auctionId)
    {
        var viewer = Context.User?.Identity?.IsAuthenticated == true ? Context.User.GetUserId() : (Guid?)null;
        var visible = auctionId != Guid.Empty && await db.Auctions.AnyAsync(
            a => a.Id == auctionId && (a.Status != AuctionStatus.Draft || a.SellerId == viewer), Context.ConnectionAborted);
        if (!visible)
        {
            throw new HubException($"There is no auction {auctionId} to follow.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, AuctionGroup(auctionId));
    }

    public Task Unfollow(Guid auctionId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, AuctionGroup(auctionId));
}

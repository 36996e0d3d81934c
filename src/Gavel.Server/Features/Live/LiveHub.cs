using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Live;

/// <summary>
/// /hubs/live. Hub methods only join and leave groups: every change goes through the HTTP API, which publishes
/// after its transaction commits. Anyone may follow an auction anyone may read (not someone else's draft), up to
/// <see cref="LiveOptions.MaxFollowsPerConnection"/> at once; a signed-in connection also joins its user's group, and is
/// closed if its user is suspended (<see cref="LiveConnections"/>).
/// </summary>
internal sealed class LiveHub(GavelDbContext db, LiveConnections connections, IOptions<LiveOptions> options) : Hub<ILiveClient>
{
    private const string FollowsKey = "follows";

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
        var follows = Follows();
        if (follows.Contains(auctionId))
        {
            return;
        }

        var limit = options.Value.MaxFollowsPerConnection;
        if (follows.Count >= limit)
        {
            throw new HubException($"This connection already follows {limit} auctions, the most one connection may. Unfollow one first.");
        }

        var viewer = Context.User?.Identity?.IsAuthenticated == true ? Context.User.GetUserId() : (Guid?)null;
        var visible = auctionId != Guid.Empty && await db.Auctions.VisibleTo(viewer).AnyAsync(a => a.Id == auctionId, Context.ConnectionAborted);
        if (!visible)
        {
            // The same answer for an unknown id and someone else's draft: the hub does not tell which ids exist.
            throw new HubException($"There is no auction {auctionId} to follow.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, AuctionGroup(auctionId));
        follows.Add(auctionId);
    }

    public async Task Unfollow(Guid auctionId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, AuctionGroup(auctionId));
        Follows().Remove(auctionId);
    }

    /// <summary>
    /// The auctions this connection follows. A connection runs one hub invocation at a time (SignalR's default
    /// MaximumParallelInvocationsPerClient of 1), so the set needs no lock.
    /// </summary>
    private HashSet<Guid> Follows()
    {
        if (Context.Items.TryGetValue(FollowsKey, out var existing) && existing is HashSet<Guid> follows)
        {
            return follows;
        }

        follows = [];
        Context.Items[FollowsKey] = follows;
        return follows;
    }
}

using Gavel.Server.Features.Accounts;
using Microsoft.AspNetCore.SignalR;

namespace Gavel.Server.Features.Live;

/// <summary>
/// The signed-in hub connections on this node, by user. A token is checked once, when a connection opens, so a user
/// suspended afterwards would keep their connection and its user group (their notifications and photo statuses)
/// for as long as it stays open. Instead, while a user has a connection here, this listens on the <see cref="LiveFeed"/>
/// for their <see cref="UserSuspended"/>, which the relay carries from whichever node took the suspension, and closes them.
/// It also drops this node's cached "not suspended" for them, so the client's automatic reconnect is refused here at once.
/// </summary>
internal sealed class LiveConnections(LiveFeed feed, SuspendedUsers suspendedUsers)
{
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, UserConnections> byUser = [];

    public void Add(Guid userId, HubCallerContext context)
    {
        lock (gate)
        {
            if (!byUser.TryGetValue(userId, out var user))
            {
                byUser[userId] = user = new UserConnections(feed.FollowUser(userId, e => e is UserSuspended ? Close(userId) : Task.CompletedTask));
            }

            user.Contexts[context.ConnectionId] = context;
        }
    }

    public void Remove(Guid userId, HubCallerContext context)
    {
        UserConnections? gone = null;
        lock (gate)
        {
            // A user with no connection left leaves no entry and no listener behind.
            if (byUser.TryGetValue(userId, out var user) && user.Contexts.Remove(context.ConnectionId) && user.Contexts.Count == 0)
            {
                byUser.Remove(userId);
                gone = user;
            }
        }

        gone?.Subscription.Dispose();
    }

    /// <summary>Users with an open connection on this node.</summary>
    public int UserCount
    {
        get
        {
            lock (gate)
            {
                return byUser.Count;
            }
        }
    }

    private Task Close(Guid userId)
    {
        suspendedUsers.Forget(userId);
        UserConnections? user;
        lock (gate)
        {
            if (!byUser.Remove(userId, out user))
            {
                return Task.CompletedTask;
            }
        }

        user.Subscription.Dispose();
        foreach (var context in user.Contexts.Values)
        {
            context.Abort();
        }

        return Task.CompletedTask;
    }

    private sealed class UserConnections(IDisposable subscription)
    {
        public Dictionary<string, HubCallerContext> Contexts { get; } = [];

        public IDisposable Subscription { get; } = subscription;
    }
}

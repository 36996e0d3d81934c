using Microsoft.AspNetCore.SignalR;

namespace Gavel.Server.Features.Live;

/// <summary>
/// The signed-in hub connections on this node, by user. A token is checked once, when a connection opens, so a user
/// suspended afterwards would keep their connection and its user group (their notifications and photo statuses)
/// for as long as it stays open; suspension closes them here instead (<see cref="Close"/>).
/// </summary>
internal sealed class LiveConnections
{
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, Dictionary<string, HubCallerContext>> byUser = [];

    public void Add(Guid userId, HubCallerContext context)
    {
        lock (gate)
        {
            if (!byUser.TryGetValue(userId, out var contexts))
            {
                byUser[userId] = contexts = [];
            }

            contexts[context.ConnectionId] = context;
        }
    }

    public void Remove(Guid userId, HubCallerContext context)
    {
        lock (gate)
        {
            // A user with no connection left leaves no entry behind.
            if (byUser.TryGetValue(userId, out var contexts) && contexts.Remove(context.ConnectionId) && contexts.Count == 0)
            {
                byUser.Remove(userId);
            }
        }
    }

    /// <summary>Closes every hub connection of the user on this node; returns how many.</summary>
    public int Close(Guid userId)
    {
        List<HubCallerContext> closing;
        lock (gate)
        {
            if (!byUser.Remove(userId, out var contexts))
            {
                return 0;
            }

            closing = [.. contexts.Values];
        }

        foreach (var context in closing)
        {
            context.Abort();
        }

        return closing.Count;
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
}

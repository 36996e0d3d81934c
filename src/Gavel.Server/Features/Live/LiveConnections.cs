using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Gavel.Server.Features.Live;

/// <summary>
/// The signed-in hub connections on this node, by user. A token is checked once, when a connection opens, so a user
/// suspended afterwards would keep their connection and its user group (their notifications and photo statuses)
/// for as long as it stays open; suspension closes them here instead (<see cref="Close"/>).
/// </summary>
internal sealed class LiveConnections
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, HubCallerContext>> byUser = new();

    public void Add(Guid userId, HubCallerContext context) =>
        byUser.GetOrAdd(userId, _ => new ConcurrentDictionary<string, HubCallerContext>())[context.ConnectionId] = context;

    public void Remove(Guid userId, HubCallerContext context)
    {
        if (byUser.TryGetValue(userId, out var contexts))
        {
            contexts.TryRemove(context.ConnectionId, out _);
        }
    }

    /// <summary>Closes every hub connection of the user on this node; returns how many.</summary>
    public int Close(Guid userId)
    {
        if (!byUser.TryRemove(userId, out var contexts))
        {
            return 0;
        }

        foreach (var context in contexts.Values)
        {
            context.Abort();
        }

        return contexts.Count;
    }
}

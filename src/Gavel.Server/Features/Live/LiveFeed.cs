namespace Gavel.Server.Features.Live;

/// <summary>Something a signed-in user's live parts (header badge, toasts) should hear about.</summary>
internal abstract record UserEvent(Guid UserId);

/// <summary>A notification that has committed, with the channels the user's preferences chose for it.</summary>
internal sealed record NotificationCommitted(Guid UserId, NotificationMessage Notification, bool InInbox, bool Push) : UserEvent(UserId);

/// <summary>Some of the user's notifications were marked read: recount.</summary>
internal sealed record NotificationsRead(Guid UserId) : UserEvent(UserId);

/// <summary>An admin suspended the user: their open hub connections end on every node (a token is only checked at connect).</summary>
internal sealed record UserSuspended(Guid UserId) : UserEvent(UserId);

/// <summary>
/// The in-process side of what <see cref="AfterCommitPublisher"/> sends to the hub, for the web app's interactive
/// components, which run on the server and so cannot be SignalR clients with a bearer token (docs/adr/0008).
/// <see cref="Publish(AuctionUpdate)"/> delivers to this node's listeners and, with Redis configured, hands the event to
/// the <see cref="RedisLiveRelay"/>, which delivers it on every other node of the deployment through
/// <see cref="DeliverLocally"/>. Without Redis only this node's commits reach it. Listeners run off the committing
/// thread; one that throws is logged and stays subscribed.
/// </summary>
internal sealed class LiveFeed(ILogger<LiveFeed> logger, RedisLiveRelay? relay = null)
{
    private readonly Listeners<AuctionUpdate> auctions = new();
    private readonly Listeners<UserEvent> users = new();

    public IDisposable FollowAuction(Guid auctionId, Func<AuctionUpdate, Task> listener) => auctions.Add(auctionId, listener);

    public IDisposable FollowUser(Guid userId, Func<UserEvent, Task> listener) => users.Add(userId, listener);

    public void Publish(AuctionUpdate update)
    {
        DeliverLocally(update);
        relay?.Forward(update);
    }

    public void Publish(UserEvent change)
    {
        DeliverLocally(change);
        relay?.Forward(change);
    }

    /// <summary>An event to this node's listeners only: what the relay hands over from another node.</summary>
    public void DeliverLocally(object message)
    {
        switch (message)
        {
            case AuctionUpdate update:
                Deliver(auctions.For(update.AuctionId), update, update.AuctionId);
                break;
            case UserEvent change:
                Deliver(users.For(change.UserId), change, change.UserId);
                break;
            default:
                throw new ArgumentException($"{message.GetType().Name} is not a live feed event.", nameof(message));
        }
    }

    private void Deliver<T>(IEnumerable<Func<T, Task>> listeners, T message, Guid key)
    {
        foreach (var listener in listeners)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await listener(message);
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "A live listener for {Key} failed on {Message}", key, typeof(T).Name);
                }
            });
        }
    }

    /// <summary>Listeners by auction or user id; a key goes away with its last listener, so nothing grows with time.</summary>
    private sealed class Listeners<T>
    {
        private readonly Dictionary<Guid, Dictionary<Guid, Func<T, Task>>> byKey = [];
        private readonly Lock gate = new();

        public IReadOnlyList<Func<T, Task>> For(Guid key)
        {
            lock (gate)
            {
                return byKey.TryGetValue(key, out var listeners) ? [.. listeners.Values] : [];
            }
        }

        public IDisposable Add(Guid key, Func<T, Task> listener)
        {
            var id = Guid.NewGuid();
            lock (gate)
            {
                if (!byKey.TryGetValue(key, out var listeners))
                {
                    byKey[key] = listeners = [];
                }

                listeners[id] = listener;
            }

            return new Subscription(() =>
            {
                lock (gate)
                {
                    if (byKey.TryGetValue(key, out var listeners) && listeners.Remove(id) && listeners.Count == 0)
                    {
                        byKey.Remove(key);
                    }
                }
            });
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

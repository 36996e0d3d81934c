using System.Collections.Concurrent;

namespace Gavel.Server.Components.Live;

/// <summary>What changed on an auction; listeners reload what they show from the database.</summary>
internal sealed record AuctionUpdate(Guid AuctionId, string Reason);

/// <summary>
/// An in-process relay from the code paths that change an auction (bid, buy-now, cancel, close/settle) to the
/// interactive components showing it. Published after the transaction commits. A listener that throws is
/// dropped from that delivery but stays subscribed; the SignalR hub can subscribe here too.
/// </summary>
internal sealed class AuctionUpdateRelay(ILogger<AuctionUpdateRelay> logger)
{
    private readonly ConcurrentDictionary<Guid, Func<AuctionUpdate, Task>> listeners = new();

    public IDisposable Subscribe(Func<AuctionUpdate, Task> listener)
    {
        var id = Guid.NewGuid();
        listeners[id] = listener;
        return new Subscription(() => listeners.TryRemove(id, out _));
    }

    public void Publish(Guid auctionId, string reason)
    {
        var update = new AuctionUpdate(auctionId, reason);
        foreach (var listener in listeners.Values)
        {
            _ = DeliverAsync(listener, update);
        }
    }

    private async Task DeliverAsync(Func<AuctionUpdate, Task> listener, AuctionUpdate update)
    {
        try
        {
            await listener(update);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "An auction update listener failed for {AuctionId}", update.AuctionId);
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

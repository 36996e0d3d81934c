using Gavel.Server.Features.Live;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gavel.Server.Tests.Live;

/// <summary>The queue between a commit and the hub: never blocks the committing request, keeps order, drops the oldest when full.</summary>
public sealed class HubSendQueueTests
{
    [Fact]
    public void AFullQueueDropsItsOldestMessagesAndKeepsTheRestInOrder()
    {
        var queue = new HubSendQueue(NullLogger<HubSendQueue>.Instance, capacity: 3);
        var auctionId = Guid.NewGuid();

        for (var sequence = 1L; sequence <= 5; sequence++)
        {
            queue.Enqueue(new AuctionUpdatedMessage(Update(auctionId, sequence))); // returns at once even when full
        }

        var left = new List<long>();
        while (queue.Reader.TryRead(out var message))
        {
            left.Add(((AuctionUpdatedMessage)message).Update.Sequence);
        }

        Assert.Equal([3L, 4L, 5L], left);
    }

    private static AuctionUpdate Update(Guid auctionId, long sequence) =>
        new(auctionId, sequence, "live", 10m + sequence, (int)sequence, "bidder-1", DateTimeOffset.UnixEpoch, null, false, null, DateTimeOffset.UnixEpoch);
}

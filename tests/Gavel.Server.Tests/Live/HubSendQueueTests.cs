using Gavel.Server.Features.Live;
using Microsoft.Extensions.Logging;
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

    [Fact]
    public void AQueueThatStaysFullWarnsOncePerPeriodNotOncePerDroppedMessage()
    {
        var logger = new CountingLogger();
        var queue = new HubSendQueue(logger, capacity: 2);
        var auctionId = Guid.NewGuid();

        for (var sequence = 1L; sequence <= 1_000; sequence++)
        {
            queue.Enqueue(new AuctionUpdatedMessage(Update(auctionId, sequence)));
        }

        // 998 drops inside one period: the first one is named, and nothing more until the period is over.
        Assert.Equal(1, logger.Warnings);
    }

    private static AuctionUpdate Update(Guid auctionId, long sequence) =>
        new(auctionId, sequence, "live", 10m + sequence, (int)sequence, "bidder-1", DateTimeOffset.UnixEpoch, null, false, null, DateTimeOffset.UnixEpoch);
}

internal sealed class CountingLogger : ILogger<HubSendQueue>
{
    public int Warnings { get; private set; }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel == LogLevel.Warning)
        {
            Warnings++;
        }
    }
}

using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

namespace Gavel.Server.Features.Live;

/// <summary>A message for hub clients that a commit produced, sent later by <see cref="HubSender"/>.</summary>
internal abstract record HubMessage
{
    public abstract Task SendAsync(IHubClients<ILiveClient> clients);

    public abstract void LogFailed(ILogger logger, Exception ex);

    public abstract void LogDropped(ILogger logger);
}

/// <summary>A sequenced auction update for the auction's followers.</summary>
internal sealed record AuctionUpdatedMessage(AuctionUpdate Update) : HubMessage
{
    public override Task SendAsync(IHubClients<ILiveClient> clients) => clients.Group(LiveHub.AuctionGroup(Update.AuctionId)).AuctionUpdated(Update);

    public override void LogFailed(ILogger logger, Exception ex) =>
        logger.LogWarning(ex, "Could not publish update {Sequence} of auction {AuctionId}", Update.Sequence, Update.AuctionId);

    public override void LogDropped(ILogger logger) =>
        logger.LogWarning("The hub send queue is full: dropped update {Sequence} of auction {AuctionId}", Update.Sequence, Update.AuctionId);
}

/// <summary>
/// The hub sends that commits produce, in commit order, waiting for <see cref="HubSender"/>. A send can take seconds
/// (a Redis backplane whose server is away holds each publish until its timeout), so the committing request only
/// enqueues here and returns. Bounded: when the sender falls <see cref="Capacity"/> messages behind, the oldest is
/// dropped with a warning rather than a request waiting or memory growing; a client that misses an update notices the
/// gap in sequence and refetches, as after any missed push (docs/LIVE.md).
/// </summary>
internal sealed class HubSendQueue
{
    public const int Capacity = 10_000;

    /// <summary>While the queue stays full (Redis away under load, hundreds of drops a second) one warning per period.</summary>
    private const long DropWarningPeriodMs = 10_000;

    private readonly Channel<HubMessage> channel;
    private readonly ILogger<HubSendQueue> logger;
    private long droppedSinceWarning;
    private long nextWarningAt = long.MinValue;

    public HubSendQueue(ILogger<HubSendQueue> logger, int capacity = Capacity)
    {
        this.logger = logger;
        channel = Channel.CreateBounded<HubMessage>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            Dropped);
    }

    public ChannelReader<HubMessage> Reader => channel.Reader;

    /// <summary>Never waits and never throws: called after a commit, inside the committing request.</summary>
    public void Enqueue(HubMessage message) => channel.Writer.TryWrite(message);

    private void Dropped(HubMessage message)
    {
        Interlocked.Increment(ref droppedSinceWarning);
        var now = Environment.TickCount64; // real time on purpose: it paces a log, it decides nothing
        var due = Interlocked.Read(ref nextWarningAt);
        if (now < due || Interlocked.CompareExchange(ref nextWarningAt, now + DropWarningPeriodMs, due) != due)
        {
            return;
        }

        var count = Interlocked.Exchange(ref droppedSinceWarning, 0);
        message.LogDropped(logger);
        if (count > 1)
        {
            logger.LogWarning("The hub send queue is full: {Count} messages dropped since the last such warning", count);
        }
    }
}

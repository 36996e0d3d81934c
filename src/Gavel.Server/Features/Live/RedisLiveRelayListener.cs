namespace Gavel.Server.Features.Live;

/// <summary>Subscribes this node's <see cref="LiveFeed"/> to the other nodes' events at start (with Redis only).</summary>
internal sealed class RedisLiveRelayListener(RedisLiveRelay relay, LiveFeed feed, ILogger<RedisLiveRelayListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await relay.SubscribeAsync(feed.DeliverLocally);
            logger.LogInformation("Following the other nodes' live events on {Channel}", relay.Channel);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not subscribe to the other nodes' live events on {Channel}; retried when Redis reconnects", relay.Channel);
        }
    }
}

using StackExchange.Redis;

namespace Gavel.Server.Features.Live;

/// <summary>
/// Carries <see cref="LiveFeed"/> events between the nodes of one deployment over Redis pub/sub, on the channel
/// <c>{Redis:ChannelPrefix}:livefeed</c>, so a circuit on one node hears what committed on another (docs/LIVE.md).
/// Registered only when Redis:Configuration is set. The connection is made on first use and reconnects by itself;
/// a publish that fails is logged and never reaches the committing request, whose local delivery already happened.
/// </summary>
internal sealed class RedisLiveRelay(string configuration, string channelPrefix, ILogger<RedisLiveRelay> logger) : IAsyncDisposable, IDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> connection = new(() => ConnectAsync(configuration));

    /// <summary>This node's id in every envelope it sends: its own events come back from Redis and are dropped.</summary>
    public Guid Node { get; } = Guid.NewGuid();

    public RedisChannel Channel { get; } = RedisChannel.Literal(channelPrefix + ":livefeed");

    /// <summary>Sends an event to the other nodes without waiting. Never throws: it runs after a commit.</summary>
    public void Forward(object message)
    {
        string payload;
        try
        {
            payload = LiveEnvelope.Write(Node, message);
        }
        catch (Exception ex)
        {
            // A new UserEvent type the envelope does not know yet: this node's listeners already have it.
            logger.LogError(ex, "Could not relay a {Message} to the other nodes", message.GetType().Name);
            return;
        }

        _ = PublishAsync(payload, message.GetType().Name);
    }

    /// <summary>
    /// Hands every other node's event to <paramref name="deliver"/>. The subscription is registered before the server
    /// is asked, so one Redis does not yet confirm is made again when the connection comes back.
    /// </summary>
    public async Task SubscribeAsync(Action<object> deliver)
    {
        var redis = await connection.Value;
        await redis.GetSubscriber().SubscribeAsync(Channel, (_, payload) => Receive(payload, deliver));
    }

    public async ValueTask DisposeAsync()
    {
        if (connection.IsValueCreated && connection.Value.IsCompletedSuccessfully)
        {
            await connection.Value.Result.DisposeAsync();
        }
    }

    public void Dispose()
    {
        if (connection.IsValueCreated && connection.Value.IsCompletedSuccessfully)
        {
            connection.Value.Result.Dispose();
        }
    }

    private static Task<ConnectionMultiplexer> ConnectAsync(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false; // start without Redis and keep retrying, as the backplane does
        return ConnectionMultiplexer.ConnectAsync(options);
    }

    private async Task PublishAsync(string payload, string what)
    {
        try
        {
            var redis = await connection.Value;
            await redis.GetSubscriber().PublishAsync(Channel, payload);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not relay a {Message} to the other nodes on {Channel}", what, Channel);
        }
    }

    private void Receive(RedisValue payload, Action<object> deliver)
    {
        try
        {
            switch (LiveEnvelope.Read(payload.ToString()))
            {
                case null:
                    logger.LogWarning("Dropped a live event of a type this node does not know from {Channel}", Channel);
                    break;
                case var (node, message) when node != Node:
                    deliver(message);
                    break;
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Dropped a live event from {Channel} that could not be read", Channel);
        }
    }
}

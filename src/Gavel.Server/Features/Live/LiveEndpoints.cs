using StackExchange.Redis;

namespace Gavel.Server.Features.Live;

internal static class LiveEndpoints
{
    public const string HubPath = "/hubs/live";

    /// <summary>
    /// SignalR with the JSON and MessagePack protocols. With Redis:Configuration set, the Redis backplane carries
    /// every group message to the connections on every node, and the <see cref="RedisLiveRelay"/> carries every
    /// <see cref="LiveFeed"/> event to the web app's circuits on every node; without it, one node works alone. Either
    /// way what a commit sends to hub clients leaves through the <see cref="HubSendQueue"/>, never inside the request.
    /// </summary>
    public static IServiceCollection AddLive(this IServiceCollection services, IConfiguration configuration)
    {
        var signalR = services.AddSignalR().AddMessagePackProtocol();
        services.AddSingleton<HubSendQueue>();
        services.AddHostedService<HubSender>();
        if (configuration["Redis:Configuration"] is { Length: > 0 } redis)
        {
            var prefix = configuration["Redis:ChannelPrefix"] is { Length: > 0 } chosen ? chosen : "gavel";
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = RedisChannel.Literal(prefix));
            services.AddSingleton(sp => new RedisLiveRelay(redis, prefix, sp.GetRequiredService<ILogger<RedisLiveRelay>>()));
            services.AddHostedService<RedisLiveRelayListener>();
        }

        return services;
    }

    public static HubEndpointConventionBuilder MapLive(this IEndpointRouteBuilder app) => app.MapHub<LiveHub>(HubPath);
}

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
        services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LiveConnections>();
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

    /// <summary>
    /// Anyone may connect, but a connection that presents a token must present a valid one: an expired, forged or
    /// suspended user's token is answered 401 (with the bearer challenge saying why), as on /api, rather than
    /// connecting as anonymous, which would look to the client like a working sign-in that never hears a notification.
    /// </summary>
    public static HubEndpointConventionBuilder MapLive(this IEndpointRouteBuilder app) =>
        app.MapHub<LiveHub>(HubPath).RequireAuthorization(p => p.RequireAssertion(
            c => c.User.Identity?.IsAuthenticated == true || c.Resource is not HttpContext http || !PresentsToken(http.Request)));

    private static bool PresentsToken(HttpRequest request) =>
        request.Headers.Authorization.Count > 0 || request.Query.ContainsKey("access_token");
}

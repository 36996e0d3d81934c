using System.Threading.Channels;
using Gavel.Server.Features.Live;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Gavel.Server.Tests.Infrastructure;

/// <summary>
/// A SignalR client of /hubs/live, connected through the test server (WebSockets or long polling, JSON or
/// MessagePack), that queues what the server sends so a test can await it.
/// </summary>
public sealed class LiveClient : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly Channel<AuctionUpdate> updates = Channel.CreateUnbounded<AuctionUpdate>();
    private readonly Channel<NotificationMessage> notifications = Channel.CreateUnbounded<NotificationMessage>();
    private readonly Channel<PhotoUpdate> photos = Channel.CreateUnbounded<PhotoUpdate>();

    private LiveClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<AuctionUpdate>(nameof(ILiveClient.AuctionUpdated), u => updates.Writer.TryWrite(u));
        connection.On<NotificationMessage>(nameof(ILiveClient.Notification), n => notifications.Writer.TryWrite(n));
        connection.On<PhotoUpdate>(nameof(ILiveClient.PhotoUpdated), p => photos.Writer.TryWrite(p));
    }

    public HubConnection Connection { get; }

    /// <summary>A connected client of <paramref name="app"/>: a <see cref="GavelApp"/> or a server made from one with <c>WithWebHostBuilder</c>.</summary>
    public static async Task<LiveClient> ConnectAsync(
        WebApplicationFactory<Program> app, TestUser? user = null, HttpTransportType transport = HttpTransportType.WebSockets, bool messagePack = false)
    {
        var client = new LiveClient(CreateConnection(app, user?.AccessToken, transport, messagePack));
        await client.StartAsync();
        return client;
    }

    /// <summary>
    /// A bare connection to the test server, with no handlers: what a third-party client starts from. The token goes
    /// in the access_token query string on a WebSocket, as a browser must send it, and in the header otherwise.
    /// </summary>
    public static HubConnection CreateConnection(
        WebApplicationFactory<Program> app, string? accessToken = null, HttpTransportType transport = HttpTransportType.WebSockets, bool messagePack = false) =>
        CreateConnection(app, accessToken is null ? null : () => accessToken, transport, messagePack);

    /// <summary>A bare connection that asks <paramref name="token"/> for the token each time, as a client that refreshes it does.</summary>
    public static HubConnection CreateConnection(
        WebApplicationFactory<Program> app, Func<string>? token, HttpTransportType transport = HttpTransportType.WebSockets, bool messagePack = false)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(app.Server.BaseAddress, "hubs/live"), o =>
        {
            o.Transports = transport;
            o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
            if (token is not null)
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token());
            }

            // As a browser does: a WebSocket carries the token in the query string, not a header.
            o.WebSocketFactory = (context, ct) =>
            {
                var uri = token is null ? context.Uri : new Uri($"{context.Uri}{(context.Uri.Query.Length > 0 ? "&" : "?")}access_token={token()}");
                return new ValueTask<System.Net.WebSockets.WebSocket>(app.Server.CreateWebSocketClient().ConnectAsync(uri, ct));
            };
        });
        if (messagePack)
        {
            builder.AddMessagePackProtocol();
        }

        return builder.Build();
    }

    /// <summary>A client of a server at a real address (another process).</summary>
    public static async Task<LiveClient> ConnectAsync(Uri server, string? accessToken = null)
    {
        var client = new LiveClient(new HubConnectionBuilder().WithUrl(new Uri(server, "hubs/live"), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
            if (accessToken is not null)
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
            }
        }).Build());
        await client.StartAsync();
        return client;
    }

    /// <summary>
    /// Connects, then makes one round trip through the hub. StartAsync returns at the handshake, before the server's
    /// OnConnectedAsync has put the connection in its user's group; the hub runs invocations only after that, so once
    /// this one answers, a notification pushed to the user reaches this client. Without it a fast push could be lost.
    /// </summary>
    private async Task StartAsync()
    {
        await Connection.StartAsync();
        await Connection.InvokeAsync("Unfollow", Guid.Empty);
    }

    public Task FollowAsync(Guid auctionId) => Connection.InvokeAsync("Follow", auctionId);

    public Task UnfollowAsync(Guid auctionId) => Connection.InvokeAsync("Unfollow", auctionId);

    public Task<AuctionUpdate> NextUpdateAsync() => NextAsync(updates.Reader, "an auction update");

    public Task<NotificationMessage> NextNotificationAsync() => NextAsync(notifications.Reader, "a notification");

    public Task<PhotoUpdate> NextPhotoUpdateAsync() => NextAsync(photos.Reader, "a photo update");

    /// <summary>The next notification that is not about the wallet: a deposit's push may arrive after the phone connects.</summary>
    public async Task<NotificationMessage> NextAuctionNotificationAsync()
    {
        while (true)
        {
            var next = await NextNotificationAsync();
            if (next.AuctionId is not null)
            {
                return next;
            }
        }
    }

    /// <summary>Everything received so far and not yet read.</summary>
    public List<AuctionUpdate> DrainUpdates() => Drain(updates.Reader);

    public List<NotificationMessage> DrainNotifications() => Drain(notifications.Reader);

    public List<PhotoUpdate> DrainPhotoUpdates() => Drain(photos.Reader);

    public ValueTask DisposeAsync() => Connection.DisposeAsync();

    private static async Task<T> NextAsync<T>(ChannelReader<T> reader, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            return await reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No {what} arrived within {Patience.TotalSeconds} s.");
        }
    }

    private static List<T> Drain<T>(ChannelReader<T> reader)
    {
        var items = new List<T>();
        while (reader.TryRead(out var item))
        {
            items.Add(item);
        }

        return items;
    }
}

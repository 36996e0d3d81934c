using System.Net;
using System.Net.Sockets;

namespace Gavel.Server.Tests.MultiNode;

/// <summary>
/// A TCP relay in front of the test Redis that can be made to vanish, as a Redis server that dies under a running
/// node: <see cref="Vanish"/> drops every open connection and refuses new ones.
/// </summary>
internal sealed class VanishingRedis : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly List<TcpClient> open = [];
    private readonly Lock gate = new();
    private readonly Task accepting;
    private readonly string target;

    private VanishingRedis(string target)
    {
        this.target = target;
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Starts relaying to the Redis of GAVEL_TEST_REDIS (skips without one, like <see cref="TestRedis"/>).</summary>
    public static async Task<VanishingRedis> StartAsync() => new(await TestRedis.RequireAsync());

    public void Vanish()
    {
        stop.Cancel();
        listener.Stop();
        lock (gate)
        {
            foreach (var client in open)
            {
                client.Dispose();
            }

            open.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Vanish();
        try
        {
            await accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var (host, port) = HostAndPort(target.Split(',')[0]);
        while (!stop.IsCancellationRequested)
        {
            var inbound = await listener.AcceptTcpClientAsync(stop.Token);
            var outbound = new TcpClient();
            await outbound.ConnectAsync(host, port, stop.Token);
            lock (gate)
            {
                open.Add(inbound);
                open.Add(outbound);
            }

            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), stop.Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The relay vanished or one side closed.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    private static (string Host, int Port) HostAndPort(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        return colon < 0 ? (endpoint, 6379) : (endpoint[..colon], int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}

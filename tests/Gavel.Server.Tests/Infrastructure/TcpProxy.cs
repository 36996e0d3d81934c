using System.Net;
using System.Net.Sockets;

namespace Gavel.Server.Tests.Infrastructure;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a real server (the test PostgreSQL or Redis) that can be taken down and
/// brought back, as a database or Redis that restarts, dies or fails over under a running node: <see cref="Drop"/>
/// cuts every open connection and refuses new ones; <see cref="Restore"/> accepts again. The real server is never
/// touched, so other tests go on.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly string targetHost;
    private readonly int targetPort;
    private readonly List<TcpClient> open = [];
    private readonly Lock gate = new();
    private TcpListener listener;
    private CancellationTokenSource stop = new();
    private Task accepting;

    public TcpProxy(string targetHost, int targetPort)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptAsync(listener, relay: true, stop.Token);
    }

    /// <summary>The port clients connect to; it stays the same across <see cref="Drop"/> and <see cref="Restore"/>.</summary>
    public int Port { get; }

    /// <summary>Cuts every relayed connection and refuses new ones (connection refused), until <see cref="Restore"/>.</summary>
    public void Drop()
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

    /// <summary>Accepts and relays again, on the same port (cutting what <see cref="Stall"/> held).</summary>
    public void Restore()
    {
        Drop();
        Listen(relay: true);
    }

    /// <summary>
    /// Cuts every relayed connection, then accepts new ones but never answers, as a database behind a network that
    /// lost its packets: a client waits for its connect timeout each time. <see cref="Restore"/> relays again.
    /// </summary>
    public void Stall()
    {
        Drop();
        Listen(relay: false);
    }

    private void Listen(bool relay)
    {
        stop.Dispose();
        stop = new CancellationTokenSource();
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        accepting = AcceptAsync(listener, relay, stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Drop();
        await accepting;
        stop.Dispose();
    }

    private async Task AcceptAsync(TcpListener from, bool relay, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var inbound = await from.AcceptTcpClientAsync(ct);
                var outbound = new TcpClient();
                lock (gate)
                {
                    open.Add(inbound);
                    open.Add(outbound);
                }

                if (relay)
                {
                    _ = RelayAsync(inbound, outbound, ct);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Dropped.
        }
    }

    private async Task RelayAsync(TcpClient inbound, TcpClient outbound, CancellationToken ct)
    {
        try
        {
            await outbound.ConnectAsync(targetHost, targetPort, ct);
            await Task.WhenAll(PumpAsync(inbound, outbound, ct), PumpAsync(outbound, inbound, ct));
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Dropped, or the target refused.
        }
        finally
        {
            inbound.Dispose();
            outbound.Dispose();
            lock (gate)
            {
                open.Remove(inbound);
                open.Remove(outbound);
            }
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken ct)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), ct);
        }
        finally
        {
            // One side closed: close the other, as a cut connection would.
            from.Dispose();
            to.Dispose();
        }
    }
}

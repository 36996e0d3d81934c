using Microsoft.AspNetCore.SignalR;

namespace Gavel.Server.Features.Live;

/// <summary>
/// Sends what <see cref="HubSendQueue"/> holds to the hub's clients, one message after another, so that the
/// followers of an auction receive its sequences in commit order. A failed send is logged and never retried:
/// the change is committed, and a client catches up by sequence or by refetching (docs/adr/0007).
/// </summary>
internal sealed class HubSender(HubSendQueue queue, IHubContext<LiveHub, ILiveClient> hub, ILogger<HubSender> logger) : BackgroundService
{
    /// <summary>
    /// How long one send may hold the ones behind it: a connection that stops reading, or a backplane waiting for its
    /// Redis, must not stall every other auction's followers. The send itself goes on and is logged if it fails;
    /// both the backplane and a connection's writer keep their messages in order, so what follows it is not reordered.
    /// </summary>
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in queue.Reader.ReadAllAsync(stoppingToken))
            {
                var sending = SendAsync(message);
                if (sending.IsCompleted)
                {
                    continue;
                }

                try
                {
                    // Real time on purpose: this bounds I/O, it decides nothing about auctions.
                    await sending.WaitAsync(StallLimit, stoppingToken);
                }
                catch (TimeoutException)
                {
                    logger.LogDebug("A hub send is taking over {Limit}; sending the next while it goes on", StallLimit);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: messages still queued are not sent; clients refetch when they reconnect.
        }
    }

    private async Task SendAsync(HubMessage message)
    {
        try
        {
            await message.SendAsync(hub.Clients);
        }
        catch (Exception ex)
        {
            message.LogFailed(logger, ex);
        }
    }
}

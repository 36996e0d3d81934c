namespace Gavel.Server.Features.Images;

/// <summary>
/// Wakes the processor in this process as soon as a photo is queued, so it need not poll often. The queue
/// itself is the database: a lost signal (or a photo queued by another server) is found by the next poll.
/// </summary>
internal sealed class ImageQueueSignal
{
    private readonly SemaphoreSlim wake = new(0, 1);

    public void Notify()
    {
        try
        {
            if (wake.CurrentCount == 0)
            {
                wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    /// <summary>Returns when notified or when <paramref name="timeout"/> has passed on <paramref name="clock"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var notified = wake.WaitAsync(stop.Token);
        var elapsed = Task.Delay(timeout, clock, stop.Token);
        await Task.WhenAny(notified, elapsed);
        await stop.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }
}

namespace Gavel.Server.Features.Notifications;

/// <summary>Wakes the dispatcher as soon as a transaction that wrote notifications commits, so a push is not left waiting for the next poll.</summary>
internal sealed class NotificationSignal
{
    private readonly SemaphoreSlim wakeUps = new(0, 1);

    public void Wake()
    {
        try
        {
            wakeUps.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake or about to be: one pending wake-up covers any number of commits.
        }
    }

    /// <summary>Waits for a wake-up or until <paramref name="timeout"/> passes on <paramref name="clock"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(timeout, clock, timer.Token);
        var woken = wakeUps.WaitAsync(timer.Token);
        await Task.WhenAny(delay, woken);
        await timer.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }
}

namespace Gavel.Server.Workers;

/// <summary>
/// A worker that runs one pass every <see cref="Interval"/> of the injected clock (so tests drive it with a fake one)
/// and survives a failed pass: it logs it and waits longer after each failure in a row (<see cref="RetryBackoff"/>, up
/// to six intervals), so a database that is away is not asked every interval. Only a stop ends it.
/// </summary>
internal abstract class PeriodicWorker(string name, TimeProvider clock, ILogger logger) : BackgroundService
{
    protected ILogger Logger => logger;

    /// <summary>Off, the worker returns at once (a node that leaves this work to another, or a test that does it by hand).</summary>
    protected abstract bool Enabled { get; }

    protected abstract TimeSpan Interval { get; }

    /// <summary>One pass; what it did is for the worker to log. A pass that throws is retried after the back-off.</summary>
    protected abstract Task RunPassAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        var interval = Interval;
        var backoff = new RetryBackoff(name, interval, interval * 6, logger);
        var wait = interval;
        while (true)
        {
            try
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await RunPassAsync(stoppingToken);
                backoff.Succeeded();
                wait = interval;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database away or busy: the work waits for the next pass, and the worker goes on.
                wait = backoff.Failed(ex);
            }
        }
    }
}

using Gavel.Server.Workers;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Notifications;

/// <summary>Runs the dispatcher whenever a commit wrote notifications, and every DispatchInterval for the rest.</summary>
internal sealed class NotificationDispatcherService(
    NotificationDispatcher dispatcher, NotificationSignal signal, TimeProvider clock, IOptions<NotificationOptions> options,
    IOptions<WorkerOptions> workers, ILogger<NotificationDispatcherService> logger) : BackgroundService
{
    /// <summary>The longest wait between failed passes: how late the first deliveries after an outage can be.</summary>
    private static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!workers.Value.DispatcherEnabled)
        {
            return;
        }

        var backoff = new RetryBackoff("The notification dispatcher", options.Value.DispatchInterval, MaxRetryWait, logger);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more may be waiting: go again at once.
                while (await dispatcher.RunOnceAsync(stoppingToken) >= options.Value.BatchSize)
                {
                }

                backoff.Succeeded();
                await signal.WaitAsync(options.Value.DispatchInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                await Task.Delay(backoff.Failed(ex), clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}

internal sealed class EndingSoonService(
    EndingSoonNotifier notifier, TimeProvider clock, IOptions<NotificationOptions> options, IOptions<WorkerOptions> workers,
    ILogger<EndingSoonService> logger) : BackgroundService
{
    /// <summary>The longest wait between failed passes; a reminder comes within its lead all the same.</summary>
    private static readonly TimeSpan MaxRetryWait = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!workers.Value.EndingSoonEnabled)
        {
            return;
        }

        var backoff = new RetryBackoff("The ending-soon notifier", options.Value.EndingSoonInterval, MaxRetryWait, logger);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await notifier.RunOnceAsync(stoppingToken);
                backoff.Succeeded();
                await Task.Delay(options.Value.EndingSoonInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                await Task.Delay(backoff.Failed(ex), clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}

using Gavel.Server.Workers;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Notifications;

/// <summary>Runs the dispatcher whenever a commit wrote notifications, and every DispatchInterval for the rest.</summary>
internal sealed class NotificationDispatcherService(
    NotificationDispatcher dispatcher, NotificationSignal signal, TimeProvider clock, IOptions<NotificationOptions> options,
    IOptions<WorkerOptions> workers, ILogger<NotificationDispatcherService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!workers.Value.DispatcherEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more may be waiting: go again at once.
                while (await dispatcher.RunOnceAsync(stoppingToken) >= options.Value.BatchSize)
                {
                }

                await signal.WaitAsync(options.Value.DispatchInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The notification dispatcher pass failed; retrying");
                await Task.Delay(options.Value.DispatchInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}

internal sealed class EndingSoonService(
    EndingSoonNotifier notifier, TimeProvider clock, IOptions<NotificationOptions> options, IOptions<WorkerOptions> workers,
    ILogger<EndingSoonService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!workers.Value.EndingSoonEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await notifier.RunOnceAsync(stoppingToken);
                await Task.Delay(options.Value.EndingSoonInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The ending-soon pass failed; retrying");
                await Task.Delay(options.Value.EndingSoonInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}

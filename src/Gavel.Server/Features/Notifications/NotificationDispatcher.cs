using Gavel.Core.Data;
using Gavel.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Notifications;

/// <summary>What became of one delivery attempt.</summary>
internal sealed record DeliveryOutcome(DeliveryStatus Status, string? Note, DateTimeOffset? RetryAt = null, bool CountsAsAttempt = false)
{
    public static readonly DeliveryOutcome Sent = new(DeliveryStatus.Sent, null);

    public static DeliveryOutcome Skipped(string why) => new(DeliveryStatus.Skipped, why);

    /// <summary>Not yet: quiet hours or the collapse window; not a failure.</summary>
    public static DeliveryOutcome Later(DateTimeOffset at, string why) => new(DeliveryStatus.Pending, why, at);
}

/// <summary>
/// Delivers the outbox: claims due deliveries with a lease (so two nodes never work on the same row at once), sends
/// each on its channel and records the outcome guarded by the lease. A node that dies mid-batch leaves leases that
/// run out, and the rows are delivered again: at least once, with the notification id for receivers to drop repeats.
/// </summary>
internal sealed class NotificationDispatcher(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<NotificationOptions> options, ILogger<NotificationDispatcher> logger)
{
    /// <summary>One pass over what is due now; returns how many deliveries it handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GavelDbContext>();
        var (owner, claimed) = await ClaimAsync(db, ct);
        var outcomes = new List<(NotificationDelivery, DeliveryOutcome)>();
        DeliveryOutcome? pushUnavailable = null;
        foreach (var (delivery, notification) in claimed)
        {
            // Once a push fails in a pass (the Redis backplane away: each try waits out its ~5 s timeout), the pass's
            // other pushes wait for the retry without trying, so a batch of them cannot outlast the lease and hold
            // up the emails behind them.
            if (pushUnavailable is not null && delivery.Channel == NotificationChannel.Push)
            {
                outcomes.Add((delivery, pushUnavailable));
                continue;
            }

            var outcome = await DeliverAsync(scope.ServiceProvider, db, delivery, notification, ct);
            if (delivery.Channel == NotificationChannel.Push && outcome.CountsAsAttempt)
            {
                var retryAt = outcome.RetryAt ?? clock.GetUtcNow() + options.Value.RetryBaseDelay;
                pushUnavailable = DeliveryOutcome.Later(retryAt, Truncate($"not tried: an earlier push in the same pass failed ({outcome.Note})"));
            }

            outcomes.Add((delivery, outcome));
        }

        // One write transaction for the whole batch: on SQLite every transaction queues behind (and holds up) the bids.
        if (claimed.Count > 0)
        {
            await db.WriteAsync(async token =>
            {
                // Sent is by far the commonest outcome (every push, most emails): one statement records them all.
                var sent = outcomes.Where(o => o.Item2 == DeliveryOutcome.Sent).Select(o => o.Item1.Id).ToList();
                await RecordSentAsync(db, sent, owner, token);
                foreach (var (delivery, outcome) in outcomes.Where(o => o.Item2 != DeliveryOutcome.Sent))
                {
                    await RecordAsync(db, delivery, owner, outcome, token);
                }

                return true;
            }, ct);
        }

        return claimed.Count;
    }

    private async Task<(Guid Owner, List<(NotificationDelivery, Notification)> Claimed)> ClaimAsync(GavelDbContext db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var ids = await db.NotificationDeliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.DueAt <= now && (d.LeaseUntil == null || d.LeaseUntil < now))
            .OrderBy(d => d.DueAt).ThenBy(d => d.Id).Select(d => d.Id).Take(options.Value.BatchSize).ToListAsync(ct);
        var owner = Guid.NewGuid();
        if (ids.Count == 0)
        {
            return (owner, []);
        }

        // The guard is repeated in the UPDATE: of two nodes racing for a row, the second finds the lease taken.
        var until = now + options.Value.LeaseDuration;
        await db.WriteAsync(token => db.NotificationDeliveries
            .Where(d => ids.Contains(d.Id) && d.Status == DeliveryStatus.Pending && (d.LeaseUntil == null || d.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseOwner, owner).SetProperty(d => d.LeaseUntil, until), token), ct);
        // By id, not by owner alone: LeaseOwner has no index, and the table keeps every delivery ever made.
        var rows = await db.NotificationDeliveries.AsNoTracking()
            .Where(d => ids.Contains(d.Id) && d.LeaseOwner == owner && d.Status == DeliveryStatus.Pending)
            .Join(db.Notifications, d => d.NotificationId, n => n.Id, (d, n) => new { Delivery = d, Notification = n })
            .OrderBy(r => r.Delivery.Id)
            .ToListAsync(ct);
        return (owner, [.. rows.Select(r => (r.Delivery, r.Notification))]);
    }

    private async Task<DeliveryOutcome> DeliverAsync(
        IServiceProvider services, GavelDbContext db, NotificationDelivery delivery, Notification notification, CancellationToken ct)
    {
        try
        {
            return delivery.Channel switch
            {
                NotificationChannel.Push => await services.GetRequiredService<PushDelivery>().SendAsync(notification),
                NotificationChannel.Email => await services.GetRequiredService<EmailDelivery>().SendAsync(db, delivery, notification, ct),
                _ => DeliveryOutcome.Skipped($"no channel {delivery.Channel}"),
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var attempts = delivery.Attempts + 1;
            logger.LogWarning(ex, "Delivery {DeliveryId} ({Channel}) failed on attempt {Attempt}", delivery.Id, delivery.Channel, attempts);
            if (attempts >= options.Value.MaxAttempts)
            {
                return new DeliveryOutcome(DeliveryStatus.Failed, Truncate(ex.Message), null, true);
            }

            var backoff = options.Value.RetryBaseDelay * Math.Pow(2, attempts - 1);
            var wait = backoff < TimeSpan.FromHours(1) ? backoff : TimeSpan.FromHours(1);
            return new DeliveryOutcome(DeliveryStatus.Pending, Truncate(ex.Message), clock.GetUtcNow() + wait, true);
        }
    }

    private Task RecordSentAsync(GavelDbContext db, List<long> ids, Guid owner, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return Task.CompletedTask;
        }

        var now = clock.GetUtcNow();
        return db.NotificationDeliveries
            .Where(d => ids.Contains(d.Id) && d.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Sent)
                .SetProperty(d => d.Outcome, (string?)null)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                .SetProperty(d => d.CompletedAt, now)
                .SetProperty(d => d.LeaseOwner, (Guid?)null)
                .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null), ct);
    }

    private Task RecordAsync(GavelDbContext db, NotificationDelivery delivery, Guid owner, DeliveryOutcome outcome, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var attempts = delivery.Attempts + (outcome.CountsAsAttempt || outcome.Status == DeliveryStatus.Sent ? 1 : 0);
        DateTimeOffset? completedAt = outcome.Status == DeliveryStatus.Pending ? null : now;
        var dueAt = outcome.RetryAt ?? delivery.DueAt;

        // Guarded by the lease: a node whose lease ran out (and whose row another node took over) records nothing.
        return db.NotificationDeliveries
            .Where(d => d.Id == delivery.Id && d.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, outcome.Status)
                .SetProperty(d => d.Outcome, outcome.Note)
                .SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.DueAt, dueAt)
                .SetProperty(d => d.CompletedAt, completedAt)
                .SetProperty(d => d.LeaseOwner, (Guid?)null)
                .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null), ct);
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300];
}

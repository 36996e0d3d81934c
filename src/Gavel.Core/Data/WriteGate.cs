namespace Gavel.Core.Data;

/// <summary>How soon a write transaction should get SQLite's single writer slot.</summary>
public enum WritePriority
{
    Normal,

    /// <summary>Jumps the queue of waiting writers (the closer: lateness is part of fairness). It never interrupts the one writing.</summary>
    Urgent,
}

/// <summary>
/// SQLite's one writer, as an async lock with two queues: a waiting urgent writer goes before every waiting normal
/// one, and writers of the same priority go in arrival order. A cancelled waiter leaves its queue.
/// </summary>
internal sealed class WriteGate
{
    private readonly Lock sync = new();
    private readonly LinkedList<TaskCompletionSource> urgent = [];
    private readonly LinkedList<TaskCompletionSource> normal = [];
    private bool held;

    public async Task<IDisposable> EnterAsync(WritePriority priority, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        LinkedListNode<TaskCompletionSource> waiter;
        lock (sync)
        {
            if (!held)
            {
                held = true;
                return new Release(this);
            }

            var queue = priority == WritePriority.Urgent ? urgent : normal;
            waiter = queue.AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        await using (ct.Register(() => Abandon(waiter, ct)))
        {
            await waiter.Value.Task;
        }

        return new Release(this);
    }

    private void Abandon(LinkedListNode<TaskCompletionSource> waiter, CancellationToken ct)
    {
        lock (sync)
        {
            // Once granted the waiter owns the gate: its await succeeds and it releases as usual.
            if (waiter.List is { } queue)
            {
                queue.Remove(waiter);
                waiter.Value.TrySetCanceled(ct);
            }
        }
    }

    private void Exit()
    {
        lock (sync)
        {
            var next = urgent.First ?? normal.First;
            if (next is null)
            {
                held = false;
                return;
            }

            next.List!.Remove(next);
            next.Value.TrySetResult();
        }
    }

    private sealed class Release(WriteGate gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Exit();
            }
        }
    }
}

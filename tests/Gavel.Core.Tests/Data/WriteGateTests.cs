using Gavel.Core.Data;

namespace Gavel.Core.Tests.Data;

public sealed class WriteGateTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task AWaitingUrgentWriterGoesBeforeNormalWritersThatCameFirst()
    {
        var gate = new WriteGate();
        var order = new List<string>();
        var holder = await gate.EnterAsync(WritePriority.Normal, None);

        var first = Enter(gate, WritePriority.Normal, "normal 1", order);
        var second = Enter(gate, WritePriority.Normal, "normal 2", order);
        var urgent = Enter(gate, WritePriority.Urgent, "urgent", order);
        holder.Dispose();
        await Task.WhenAll(first, second, urgent).WaitAsync(TimeSpan.FromSeconds(10), None);

        Assert.Equal(["urgent", "normal 1", "normal 2"], order);
    }

    [Fact]
    public async Task TheOneWritingIsNeverInterruptedByAnUrgentWriter()
    {
        var gate = new WriteGate();
        var holder = await gate.EnterAsync(WritePriority.Normal, None);

        var urgent = gate.EnterAsync(WritePriority.Urgent, None);
        await Task.Delay(50, None);
        Assert.False(urgent.IsCompleted);

        holder.Dispose();
        (await urgent.WaitAsync(TimeSpan.FromSeconds(10), None)).Dispose();
    }

    [Fact]
    public async Task ACancelledWaiterLeavesTheQueueAndTheNextOneGetsTheGate()
    {
        var gate = new WriteGate();
        var holder = await gate.EnterAsync(WritePriority.Normal, None);
        using var cancel = new CancellationTokenSource();

        var abandoned = gate.EnterAsync(WritePriority.Urgent, cancel.Token);
        var next = gate.EnterAsync(WritePriority.Normal, None);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);

        holder.Dispose();
        var entered = await next.WaitAsync(TimeSpan.FromSeconds(10), None);
        entered.Dispose();
        // Released twice by mistake, the gate still lets exactly one writer in.
        entered.Dispose();
        (await gate.EnterAsync(WritePriority.Normal, None).WaitAsync(TimeSpan.FromSeconds(10), None)).Dispose();
    }

    private static async Task Enter(WriteGate gate, WritePriority priority, string name, List<string> order)
    {
        using var entered = await gate.EnterAsync(priority, None);
        lock (order)
        {
            order.Add(name);
        }
    }
}

using Gavel.Images.Storage;

namespace Gavel.Server.Tests.Images;

/// <summary>The real photo folder, except that writing a size waits until the test releases the worker (the original is read before).</summary>
internal sealed class PausingStorage(IImageStorage inner) : IImageStorage
{
    private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task ReachedAsync() => reached.Task.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

    public void Release() => released.TrySetResult();

    public async Task SaveAsync(string key, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        if (key.StartsWith("variants/", StringComparison.Ordinal))
        {
            reached.TrySetResult();
            await released.Task.WaitAsync(ct);
        }

        await inner.SaveAsync(key, content, ct);
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct) => inner.OpenReadAsync(key, ct);

    public Task DeleteAsync(string key, CancellationToken ct) => inner.DeleteAsync(key, ct);
}

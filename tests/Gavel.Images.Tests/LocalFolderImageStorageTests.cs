using Gavel.Images.Storage;

namespace Gavel.Images.Tests;

public sealed class LocalFolderImageStorageTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("gavel-images-").FullName;

    [Fact]
    public async Task SavedBytesReadBackAndDeleteRemovesThem()
    {
        var storage = new LocalFolderImageStorage(root);
        var ct = TestContext.Current.CancellationToken;

        await storage.SaveAsync("variants/abc_card_0123.webp", new byte[] { 1, 2, 3 }, ct);
        await using (var stream = await storage.OpenReadAsync("variants/abc_card_0123.webp", ct))
        {
            Assert.NotNull(stream);
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy, ct);
            Assert.Equal([1, 2, 3], copy.ToArray());
        }

        await storage.DeleteAsync("variants/abc_card_0123.webp", ct);
        Assert.Null(await storage.OpenReadAsync("variants/abc_card_0123.webp", ct));
        Assert.Empty(Directory.GetFiles(root, "*.tmp", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("../escape.jpg")]
    [InlineData("variants/../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("variants/a b.jpg")]
    [InlineData("other/photo.jpg")]
    public async Task KeysOutsideTheTwoFoldersAreRefused(string key)
    {
        var storage = new LocalFolderImageStorage(root);

        await Assert.ThrowsAsync<ArgumentException>(() => storage.OpenReadAsync(key, TestContext.Current.CancellationToken));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}

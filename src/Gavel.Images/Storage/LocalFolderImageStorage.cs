using System.Text.RegularExpressions;

namespace Gavel.Images.Storage;

/// <summary>
/// A folder on local disk (Images:StoragePath, default data/images beside the database, outside any web root).
/// Writes go to a temporary file first and are renamed into place, so a reader never sees half a photo.
/// </summary>
public sealed partial class LocalFolderImageStorage(string root) : IImageStorage
{
    public string Root { get; } = Path.GetFullPath(root);

    public async Task SaveAsync(string key, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await File.WriteAllBytesAsync(temporary, content.ToArray(), ct);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    private string PathOf(string key) =>
        SafeKey().IsMatch(key) ? Path.Combine(Root, key) : throw new ArgumentException($"Not a storage key: '{key}'.", nameof(key));

    [GeneratedRegex("^(originals|variants)/[A-Za-z0-9_-]+\\.[a-z0-9]{2,5}$")]
    private static partial Regex SafeKey();
}

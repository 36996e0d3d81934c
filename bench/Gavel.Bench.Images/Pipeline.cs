using Gavel.Images;
using NetVips;

namespace Gavel.Bench.Images;

internal static class Pipeline
{
    /// <summary>What the worker does per photo, minus the database: read the original, process, write six files.</summary>
    public static void ProcessToFolder(string photo, string folder)
    {
        Directory.CreateDirectory(folder);
        var processed = ImagePipeline.Process(File.ReadAllBytes(photo));
        foreach (var variant in processed.Variants)
        {
            File.WriteAllBytes(Path.Combine(folder, $"{variant.Name}.{variant.Format.Extension()}"), variant.Bytes);
        }
    }

    public static string Describe(string folder) => string.Join(", ", Directory.GetFiles(folder).Order().Select(file =>
    {
        using var image = Image.NewFromFile(file);
        return $"{Path.GetFileName(file)} {image.Width}x{image.Height} {new FileInfo(file).Length / 1024}KB";
    }));
}

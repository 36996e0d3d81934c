using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gavel.Pricing.Estimates;
using Gavel.Pricing.Shill;
using Microsoft.ML;

namespace Gavel.Pricing.Lifecycle;

/// <summary>
/// Model versions on disk, one folder each: manifest.json (version, metrics), the forests as ML.NET model files,
/// comparables.json, and shill.zip when a shill classifier was trained. A version is written under a temporary
/// name and renamed into place, so a reader never sees half a model; the newest complete folder wins.
/// </summary>
public sealed class ModelStore(string directory)
{
    public const string Prefix = "pricing-";
    private const string ManifestFile = "manifest.json";
    private const string ShillFile = "shill.zip";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public string Directory { get; } = Path.GetFullPath(directory);

    public static string NewVersion(DateTimeOffset now) =>
        Prefix + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The newest complete version, or null when there is none. Cheap: one directory listing.</summary>
    public string? NewestVersion()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return null;
        }

        return System.IO.Directory.EnumerateDirectories(Directory, Prefix + "*")
            .Where(d => File.Exists(Path.Combine(d, ManifestFile)))
            .Select(Path.GetFileName)
            .Max(StringComparer.Ordinal);
    }

    public string Save(PriceModel model, ShillClassifier? shill)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var final = Path.Combine(Directory, model.Version);
        var temporary = Path.Combine(Directory, "." + model.Version + ".tmp");
        if (System.IO.Directory.Exists(temporary))
        {
            System.IO.Directory.Delete(temporary, recursive: true);
        }

        System.IO.Directory.CreateDirectory(temporary);
        var ml = new MLContext(1);
        model.Listing.Save(ml, Path.Combine(temporary, "listing.zip"));
        foreach (var (checkpoint, forest) in model.Live)
        {
            forest.Save(ml, Path.Combine(temporary, LiveFile(checkpoint)));
        }

        File.WriteAllText(Path.Combine(temporary, "comparables.json"), JsonSerializer.Serialize(model.Index.Entries, Json));
        shill?.Save(Path.Combine(temporary, ShillFile));
        File.WriteAllText(Path.Combine(temporary, ManifestFile), JsonSerializer.Serialize(model.Manifest, Json));
        System.IO.Directory.Move(temporary, final);
        return final;
    }

    public ModelManifest ReadManifest(string version) =>
        JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(Path.Combine(Directory, version, ManifestFile)), Json)
            ?? throw new InvalidDataException($"The manifest of {version} is empty.");

    public PriceModel Load(string version)
    {
        var folder = Path.Combine(Directory, version);
        var manifest = ReadManifest(version);
        if (manifest.FormatVersion != ModelManifest.CurrentFormat)
        {
            throw new InvalidDataException($"Model {version} has format {manifest.FormatVersion}; this build reads format {ModelManifest.CurrentFormat}. Retrain with `gavel pricing train`.");
        }

        var ml = new MLContext(1);
        var entries = JsonSerializer.Deserialize<List<ComparableEntry>>(File.ReadAllText(Path.Combine(folder, "comparables.json")), Json) ?? [];
        return new PriceModel
        {
            Manifest = manifest,
            Listing = QuantileForest.Load(ml, Path.Combine(folder, "listing.zip")),
            Live = [.. manifest.Checkpoints.Order().Select(c => (c, QuantileForest.Load(ml, Path.Combine(folder, LiveFile(c)))))],
            Index = new ComparableIndex(entries),
        };
    }

    public ShillClassifier? LoadShill(string version)
    {
        var path = Path.Combine(Directory, version, ShillFile);
        return File.Exists(path) ? ShillClassifier.Load(path) : null;
    }

    /// <summary>The shill classifier file of a version, to carry forward when prices are retrained without new shill data.</summary>
    public string? ShillPath(string version) =>
        Path.Combine(Directory, version, ShillFile) is var path && File.Exists(path) ? path : null;

    private static string LiveFile(double checkpoint) => $"live-{checkpoint.ToString("0.00", CultureInfo.InvariantCulture)}.zip";
}

using Gavel.Pricing.Estimates;
using Gavel.Pricing.Shill;
using Microsoft.Extensions.Logging;

namespace Gavel.Pricing.Lifecycle;

/// <summary>
/// The models being served: swapped whole when <see cref="Refresh"/> finds a newer version, read without locks.
/// A model that fails to load is logged and skipped; the previous one keeps serving.
/// </summary>
public sealed class ModelCatalog(ModelStore store, ILogger<ModelCatalog> logger)
{
    private volatile Loaded? loaded;
    private string? failedVersion;

    public ModelStore Store => store;

    public PriceModel? Price => loaded?.Price;

    public ShillClassifier? Shill => loaded?.Shill;

    /// <summary>Loads the newest version if it is not the one served. Returns whether the served model changed.</summary>
    public bool Refresh()
    {
        var newest = store.NewestVersion();
        if (newest is null || newest == loaded?.Price.Version || newest == failedVersion)
        {
            return false;
        }

        try
        {
            var price = store.Load(newest);
            loaded = new Loaded(price, store.LoadShill(newest));
            logger.LogInformation("Serving price model {Version} ({Auctions} sold auctions)", newest, price.Manifest.ComparableAuctions);
            return true;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            failedVersion = newest;
            logger.LogError(ex, "Cannot load price model {Version}; still serving {Current}", newest, loaded?.Price.Version ?? "nothing");
            return false;
        }
    }

    private sealed record Loaded(PriceModel Price, ShillClassifier? Shill);
}

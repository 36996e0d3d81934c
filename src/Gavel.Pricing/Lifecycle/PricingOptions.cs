using System.ComponentModel.DataAnnotations;

namespace Gavel.Pricing.Lifecycle;

/// <summary>The Pricing section: where models live, how the server finds new ones, and the optional separate service.</summary>
public sealed class PricingOptions
{
    public const string Section = "Pricing";

    /// <summary>Versioned model folders (pricing-YYYYMMDDTHHMMSSfffZ); relative paths are from the current directory.</summary>
    [Required]
    public string ModelDirectory { get; set; } = "data/models";

    /// <summary>How often the server looks for a newer model; a new one is served without a restart.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Train a first model from the database at start-up when the folder has none (the demo's first run).</summary>
    public bool TrainOnStartup { get; set; } = true;

    /// <summary>Retrain from the database this often; unset (the default) retrains only on `gavel pricing train`.</summary>
    public TimeSpan? RetrainInterval { get; set; }

    /// <summary>Fewer sold auctions than this and training refuses: the estimates would be guesses.</summary>
    [Range(10, int.MaxValue)]
    public int MinimumTrainingAuctions { get; set; } = 30;

    /// <summary>The separate pricing service (src/Gavel.Pricing.Service); unset = estimate in-process.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>How long the server waits for the service before answering "no estimate".</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan ServiceTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often ended auctions are checked for shill bidding.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ShillScanInterval { get; set; } = TimeSpan.FromMinutes(5);

    public bool ShillScanEnabled { get; set; } = true;

    public string FullModelDirectory => Path.GetFullPath(ModelDirectory);
}

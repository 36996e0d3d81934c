using Gavel.Pricing.Estimates;
using Gavel.Pricing.Evaluation;

namespace Gavel.Pricing.Lifecycle;

/// <summary>
/// What a saved model is: its version, what it learnt from, how well it did on sales it never saw, and how much its
/// forests' p10-p90 ranges are widened (or narrowed) to cover 80% of sales it was not trained on.
/// </summary>
public sealed record ModelManifest(
    string Version,
    DateTimeOffset TrainedAt,
    int FormatVersion,
    LiveSignal Signal,
    IReadOnlyList<double> Checkpoints,
    int TrainingAuctions,
    int HoldoutAuctions,
    int ComparableAuctions,
    string Currency,
    HoldoutMetrics? Holdout,
    double ListingScale = 1,
    IReadOnlyList<double>? LiveScales = null,
    IReadOnlyList<IReadOnlyDictionary<string, double>>? LiveGroupScales = null)
{
    /// <summary>Bumped when features change: a server never serves a model whose features it computes differently.</summary>
    public const int CurrentFormat = 2;
}

/// <summary>Held-out figures: listing-time, and live at 90% of the auction.</summary>
public sealed record HoldoutMetrics(ScenarioMetrics Listing, ScenarioMetrics? Live90);

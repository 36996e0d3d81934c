using Gavel.Pricing.Estimates;

namespace Gavel.Pricing.Evaluation;

/// <summary>
/// Point and interval quality on a set of auctions: MAE in dollars, RMSLE, median absolute percentage error
/// (MAPE itself is meaningless with $0.01 prices) and, for models with a range, the share inside p10-p90.
/// </summary>
public sealed record ScenarioMetrics(int Count, double Mae, double Rmsle, double MedianApe, double? Coverage80)
{
    public static ScenarioMetrics Of(IReadOnlyCollection<Scored> scored)
    {
        if (scored.Count == 0)
        {
            return new ScenarioMetrics(0, 0, 0, 0, null);
        }

        var errors = scored.Select(s => Math.Abs((double)(s.Predicted - s.Actual))).ToList();
        var logErrors = scored.Select(s => Math.Pow(PriceFeatures.Log(s.Predicted) - PriceFeatures.Log(s.Actual), 2));
        var percentages = scored.Select(s => Math.Abs((double)(s.Predicted - s.Actual)) / Math.Max((double)s.Actual, 0.01)).Order().ToList();
        var withRange = scored.Where(s => s.Range is not null).ToList();
        return new ScenarioMetrics(
            scored.Count,
            Round(errors.Average()),
            Round(Math.Sqrt(logErrors.Average()), 4),
            Round(Median(percentages), 4),
            withRange.Count == scored.Count ? Round(withRange.Count(s => s.Range!.Value.Contains(s.Actual)) / (double)withRange.Count, 4) : null);
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    private static double Round(double value, int digits = 2) => Math.Round(value, digits, MidpointRounding.AwayFromZero);
}

/// <summary>One prediction against the truth; <see cref="Group"/> is the item (or category) it is reported under.</summary>
public sealed record Scored(string Group, decimal Actual, decimal Predicted, PriceRange? Range = null);

/// <summary>Overall and per-item metrics of one predictor.</summary>
public sealed record PredictorScore(ScenarioMetrics Overall, IReadOnlyDictionary<string, ScenarioMetrics> PerItem)
{
    public static PredictorScore Of(IReadOnlyList<Scored> scored) => new(
        ScenarioMetrics.Of(scored),
        scored.GroupBy(s => s.Group).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => ScenarioMetrics.Of([.. g])));
}

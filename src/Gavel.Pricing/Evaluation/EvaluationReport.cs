using System.Text.Json.Serialization;

namespace Gavel.Pricing.Evaluation;

/// <summary>What `gavel pricing evaluate` writes: one object per scenario, the numbers docs and checks quote.</summary>
public sealed record EvaluationReport(
    DateTimeOffset GeneratedAt,
    string Data,
    PriceScenario Listing,
    PriceScenario At90,
    PriceScenario At90Served,
    ShillScenario Shill);

/// <summary>
/// A price scenario: the model against the baselines on the test part of the shared split. <see cref="TrainingFolds"/>,
/// where given, is the same model cross-validated over the four training folds (the test fold unseen): the figure
/// model choices were made on, and a check of the interval's calibration on 480 rather than 148 auctions;
/// <see cref="TrainingFoldsPerItem"/> the same per item (the per-category calibration's check).
/// </summary>
public sealed record PriceScenario(
    string Description,
    int TrainAuctions,
    int TestAuctions,
    PredictorScore Model,
    IReadOnlyDictionary<string, PredictorScore> Baselines,
    IReadOnlyList<Target> Targets,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ScenarioMetrics? TrainingFolds = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, ScenarioMetrics>? TrainingFoldsPerItem = null);

public sealed record ShillScenario(
    string Description,
    int TrainRows,
    int TestRows,
    ClassifierScore Model,
    IReadOnlyDictionary<string, ClassifierScore> Baselines,
    IReadOnlyList<Target> Targets);

/// <summary>A target from the issue and whether this run met it.</summary>
public sealed record Target(string Metric, string Goal, double Value, bool Met);

/// <summary>Precision, recall and F1 of the positive (shill) class, with the confusion counts.</summary>
public sealed record ClassifierScore(double Precision, double Recall, double F1, double Accuracy, int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives)
{
    public static ClassifierScore Of(IReadOnlyList<(bool Actual, bool Predicted)> results)
    {
        int tp = results.Count(r => r.Actual && r.Predicted), fp = results.Count(r => !r.Actual && r.Predicted);
        int fn = results.Count(r => r.Actual && !r.Predicted), tn = results.Count(r => !r.Actual && !r.Predicted);
        var precision = tp + fp == 0 ? 0 : tp / (double)(tp + fp);
        var recall = tp + fn == 0 ? 0 : tp / (double)(tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new ClassifierScore(
            Math.Round(precision, 4), Math.Round(recall, 4), Math.Round(f1, 4), Math.Round((tp + tn) / (double)Math.Max(1, results.Count), 4), tp, fp, fn, tn);
    }
}

using System.Globalization;
using Gavel.Pricing.Datasets;
using Gavel.Pricing.Shill;

namespace Gavel.Pricing.Evaluation;

/// <summary>The shill classifier on the UCI data's shared split (by auction), against a one-feature threshold.</summary>
public static class ShillEvaluation
{
    public static ShillScenario Run(string dataDirectory)
    {
        var rows = ShillCsv.Read(Path.Combine(dataDirectory, ShillCsv.FileName));
        var split = EvaluationSplit.Read(Path.Combine(dataDirectory, "shill_bidding_split.csv"));
        bool IsTest(ShillCsvRow r) => split.IsTest(r.AuctionId.ToString(CultureInfo.InvariantCulture));
        var train = rows.Where(r => !IsTest(r)).ToList();
        var test = rows.Where(IsTest).ToList();

        var classifier = ShillClassifier.Train(train.Select(r => (r.Features, r.IsShill)));
        var probabilities = classifier.Probabilities(test.Select(r => r.Features));
        var model = ClassifierScore.Of([.. test.Select((r, i) => (r.IsShill, probabilities[i] >= 0.5f))]);

        // The README's reference: one threshold on Successive_Outbidding, chosen on the training part.
        var threshold = new[] { 0.25f, 0.75f }
            .MaxBy(t => ClassifierScore.Of([.. train.Select(r => (r.IsShill, r.Features.SuccessiveOutbidding > t))]).F1);
        var baseline = ClassifierScore.Of([.. test.Select(r => (r.IsShill, r.Features.SuccessiveOutbidding > threshold))]);

        return new ShillScenario(
            "UCI Shill Bidding Dataset, split by auction; ML.NET FastTree on the nine features, shill when p >= 0.5. Figures are for the shill class.",
            train.Count,
            test.Count,
            model,
            new Dictionary<string, ClassifierScore> { [$"successiveOutbiddingAbove{threshold.ToString(CultureInfo.InvariantCulture)}"] = baseline },
            [new Target("f1", ">= 0.95", model.F1, model.F1 >= 0.95)]);
    }
}

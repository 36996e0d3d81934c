using Microsoft.ML;
using Microsoft.ML.Data;

namespace Gavel.Pricing.Shill;

/// <summary>
/// A boosted-tree classifier of the UCI shill data's nine features (ML.NET FastTree). The labels there came from
/// clustering on the same features, so the classes are nearly separable: judge it by precision, recall and F1
/// of the shill class, never accuracy.
/// </summary>
public sealed class ShillClassifier
{
    private readonly MLContext ml;

    private ShillClassifier(MLContext ml, ITransformer model)
    {
        this.ml = ml;
        Model = model;
    }

    /// <summary>Fewer examples of either class and FastTree still fits a model, one that has learnt nothing of that class.</summary>
    public const int MinimumRowsPerClass = 10;

    public ITransformer Model { get; }

    /// <summary>Why these labels cannot train a classifier, or null when both classes have enough rows.</summary>
    public static string? CheckClasses(IEnumerable<bool> isShill)
    {
        var labels = isShill.ToList();
        var shill = labels.Count(l => l);
        var normal = labels.Count - shill;
        return shill < MinimumRowsPerClass || normal < MinimumRowsPerClass
            ? $"it has {shill} shill row(s) (Class 1) and {normal} normal row(s) (Class 0); each class needs at least {MinimumRowsPerClass}"
            : null;
    }

    public static ShillClassifier Train(IEnumerable<(ShillFeatureVector Features, bool IsShill)> rows, int seed = 1)
    {
        var examples = rows.ToList();
        if (CheckClasses(examples.Select(r => r.IsShill)) is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(examples.Select(r => new Row { Features = r.Features.Values, Label = r.IsShill }), Schema());
        var trainer = ml.BinaryClassification.Trainers.FastTree(new Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = 100,
            NumberOfLeaves = 16,
            MinimumExampleCountPerLeaf = 5,
            LearningRate = 0.1,
            NumberOfThreads = 1,
            Seed = seed,
        });
        return new ShillClassifier(ml, trainer.Fit(data));
    }

    public static ShillClassifier Load(string path)
    {
        var ml = new MLContext(1);
        return new ShillClassifier(ml, ml.Model.Load(path, out _));
    }

    public void Save(string path) =>
        ml.Model.Save(Model, ml.Data.LoadFromEnumerable(Array.Empty<Row>(), Schema()).Schema, path);

    /// <summary>The probability that each bidder-auction pair is shill bidding. Thread-safe: a batch transform, no engine.</summary>
    public IReadOnlyList<float> Probabilities(IEnumerable<ShillFeatureVector> features)
    {
        var data = ml.Data.LoadFromEnumerable(features.Select(f => new Row { Features = f.Values }), Schema());
        return [.. Model.Transform(data).GetColumn<float>("Probability")];
    }

    private static SchemaDefinition Schema()
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, ShillFeatureVector.Names.Count);
        return schema;
    }

    private sealed class Row
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }
}

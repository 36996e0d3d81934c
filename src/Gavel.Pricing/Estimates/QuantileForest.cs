using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Gavel.Pricing.Estimates;

/// <summary>A training row for a forest: features and the label (a log price or a log growth).</summary>
public sealed class ForestRow
{
    public float Label { get; set; }

    public float[] Features { get; set; } = [];
}

public sealed record ForestOptions(int Trees = 100, int? Leaves = null, int MinimumLeafSize = 10, int QuantileSamples = 30, int Seed = 1)
{
    /// <summary>More data earns deeper trees; small data keeps them shallow so leaves hold enough sales to give quantiles.</summary>
    public int LeavesFor(int rows) => Leaves ?? Math.Clamp(rows / 60, 8, 64);
}

/// <summary>
/// A quantile regression forest (Meinshausen 2006) trained by ML.NET's FastForest, which keeps a sample of the
/// training labels in every leaf. ML.NET computes the quantiles only through an internal interface, so the
/// trees are read once through the public <see cref="QuantileRegressionTree"/> API into flat arrays and walked
/// here: a leaf's samples weigh 1/(samples in the leaf), every tree weighs the same. The arrays are immutable,
/// so one forest serves any number of threads without PredictionEngine pooling.
/// </summary>
public sealed class QuantileForest
{
    [ThreadStatic]
    private static double[]? valueBuffer;

    [ThreadStatic]
    private static double[]? weightBuffer;

    private readonly FlatTree[] trees;
    private readonly int maxSamples;

    private QuantileForest(ITransformer model, FlatTree[] trees, int featureCount)
    {
        Model = model;
        this.trees = trees;
        FeatureCount = featureCount;
        maxSamples = trees.Sum(t => t.LeafSamples.Max(s => s.Length));
    }

    /// <summary>The ML.NET model, for saving.</summary>
    public ITransformer Model { get; }

    public int FeatureCount { get; }

    public static QuantileForest Train(MLContext ml, IReadOnlyList<ForestRow> rows, int featureCount, ForestOptions options)
    {
        var data = ml.Data.LoadFromEnumerable(rows, Schema(featureCount));
        var trainer = ml.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options
        {
            NumberOfTrees = options.Trees,
            NumberOfLeaves = options.LeavesFor(rows.Count),
            MinimumExampleCountPerLeaf = options.MinimumLeafSize,
            NumberOfQuantileSamples = options.QuantileSamples,
            BaggingExampleFraction = 0.7,
            FeatureFraction = 1,
            Seed = options.Seed,
            FeatureSelectionSeed = options.Seed,
            NumberOfThreads = 1, // deterministic, and the machine is shared
        });
        return From(trainer.Fit(data), featureCount);
    }

    public static QuantileForest Load(MLContext ml, string path)
    {
        var model = ml.Model.Load(path, out var schema);
        var size = ((VectorDataViewType)schema[nameof(ForestRow.Features)].Type).Size;
        return From(model, size);
    }

    public void Save(MLContext ml, string path) =>
        ml.Model.Save(Model, ml.Data.LoadFromEnumerable(Array.Empty<ForestRow>(), Schema(FeatureCount)).Schema, path);

    /// <summary>Writes the requested quantiles (ascending, 0-1) of the label given <paramref name="features"/>.</summary>
    public void Quantiles(ReadOnlySpan<float> features, ReadOnlySpan<double> quantiles, Span<double> into)
    {
        var values = valueBuffer is { } v && v.Length >= maxSamples ? v : valueBuffer = new double[maxSamples];
        var weights = weightBuffer is { } w && w.Length >= maxSamples ? w : weightBuffer = new double[maxSamples];
        var count = 0;
        foreach (var tree in trees)
        {
            var samples = tree.LeafSamples[tree.Leaf(features)];
            var weight = 1.0 / samples.Length;
            foreach (var sample in samples)
            {
                values[count] = sample;
                weights[count++] = weight;
            }
        }

        Array.Sort(values, weights, 0, count);
        var total = (double)trees.Length;
        var cumulative = 0.0;
        var q = 0;
        for (var i = 0; i < count && q < quantiles.Length; i++)
        {
            cumulative += weights[i];
            while (q < quantiles.Length && cumulative >= quantiles[q] * total)
            {
                into[q++] = values[i];
            }
        }

        while (q < quantiles.Length)
        {
            into[q++] = count > 0 ? values[count - 1] : 0;
        }
    }

    private static QuantileForest From(ITransformer model, int featureCount)
    {
        var parameters = model is RegressionPredictionTransformer<FastForestRegressionModelParameters> forest
            ? forest.Model
            : throw new InvalidDataException($"Expected a FastForest regression model, found {model.GetType().Name}.");
        var flat = parameters.TrainedTreeEnsemble.Trees.Select(FlatTree.From).ToArray();
        return new QuantileForest(model, flat, featureCount);
    }

    private static SchemaDefinition Schema(int featureCount)
    {
        var schema = SchemaDefinition.Create(typeof(ForestRow));
        schema[nameof(ForestRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return schema;
    }

    /// <summary>One tree as arrays; a negative child is the bitwise complement of a leaf index.</summary>
    private sealed class FlatTree(int[] left, int[] right, int[] feature, float[] threshold, double[][] leafSamples)
    {
        public double[][] LeafSamples { get; } = leafSamples;

        public static FlatTree From(QuantileRegressionTree tree)
        {
            if (tree.CategoricalSplitFlags.Any(c => c))
            {
                throw new InvalidDataException("Categorical splits are not supported: train with CategoricalSplit off.");
            }

            var samples = Enumerable.Range(0, tree.NumberOfLeaves)
                .Select(leaf => tree.GetLeafSamplesAt(leaf).ToArray())
                .Select((s, leaf) => s.Length > 0 ? s : [tree.LeafValues[leaf]])
                .ToArray();
            return new FlatTree([.. tree.LeftChild], [.. tree.RightChild], [.. tree.NumericalSplitFeatureIndexes], [.. tree.NumericalSplitThresholds], samples);
        }

        public int Leaf(ReadOnlySpan<float> features)
        {
            if (left.Length == 0)
            {
                return 0; // a single-leaf tree
            }

            var node = 0;
            while (node >= 0)
            {
                node = features[feature[node]] <= threshold[node] ? left[node] : right[node];
            }

            return ~node;
        }
    }
}

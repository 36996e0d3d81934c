namespace Gavel.Pricing.Datasets;

/// <summary>
/// The shared train/test assignment (the *_split.csv files). Where a key is missing from the file, the
/// split's own rule decides: test when FNV-1a-32 of the key mod 5 == 0.
/// </summary>
public sealed class EvaluationSplit
{
    private readonly Dictionary<string, bool> isTest;

    private EvaluationSplit(Dictionary<string, bool> isTest) => this.isTest = isTest;

    public static EvaluationSplit ByHash { get; } = new([]);

    public static EvaluationSplit Read(string path)
    {
        var file = CsvFile.Read(path, "split");
        var key = 0; // the first column is the key, whatever it is called
        var split = file.Column("split");
        return new EvaluationSplit(file.Rows.ToDictionary(r => file.Text(r, key), r => file.Text(r, split) == "test"));
    }

    public bool IsTest(string key) => isTest.TryGetValue(key, out var test) ? test : Fnv1a.Fold(key) == 0;
}

using Gavel.Pricing.Estimates;
using Gavel.Pricing.History;
using Gavel.Pricing.Lifecycle;

namespace Gavel.Server.Tests.Pricing;

/// <summary>A model trained once on synthetic history and saved to a folder the test servers read (never write).</summary>
internal static class PricingModels
{
    public const string Version = "pricing-20260101T000000000Z";

    private static readonly Lazy<string> Saved = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("gavel-test-models-").FullName;
        var sold = SyntheticHistory.Generate(400);
        var model = PriceModelTrainer.Train(
            sold,
            new PriceTrainingOptions { Forest = new ForestOptions(Trees: 30) },
            new ModelManifest(Version, DateTimeOffset.UnixEpoch, ModelManifest.CurrentFormat, LiveSignal.Visible, [], 0, 0, sold.Count, "USD", null));
        new ModelStore(folder).Save(model, null);
        return folder;
    });

    /// <summary>A folder holding one synthetic model version.</summary>
    public static string Folder => Saved.Value;

    /// <summary>Settings for a test server reading models from <paramref name="folder"/>; tokens last the hour the tests skip ahead.</summary>
    public static Action<Dictionary<string, string?>> Using(string folder) => settings =>
    {
        settings["Pricing:ModelDirectory"] = folder;
        settings["Auth:AccessTokenLifetime"] = "01:00:00";
        settings["Pricing:ShillScanEnabled"] = "false"; // tests run the scan by hand, never racing the worker
    };

    /// <summary>An empty folder: no model at all.</summary>
    public static string EmptyFolder() => Directory.CreateTempSubdirectory("gavel-test-nomodel-").FullName;
}

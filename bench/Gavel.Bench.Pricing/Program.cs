using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using Gavel.Bench.Pricing;
using Gavel.Pricing.History;
using Gavel.Pricing.Platform;

// dotnet run -c Release --project bench/Gavel.Bench.Pricing -- <mode>
//   bdn [BenchmarkDotNet args]    in-process estimate and forecast (BenchmarkDotNet)
//   latency [sales] [calls]       per-call percentiles in-process
//   train [sales] [uncalibrated]  training time, as `gavel pricing train` trains (optionally without range calibration)
//   http URL rps seconds categoryId   open-loop HTTP load on POST /api/estimates
var mode = args.Length > 0 ? args[0] : "bdn";
int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
switch (mode)
{
    case "bdn":
        BenchmarkSwitcher.FromAssembly(typeof(EstimateBenchmarks).Assembly).Run(args.Skip(1).ToArray());
        break;
    case "latency":
        Latency.InProcess(Arg(1, 5_000), Arg(2, 100_000));
        break;
    case "train":
        var sales = Arg(1, 100_000);
        var sold = SyntheticHistory.Generate(sales);
        var watch = Stopwatch.StartNew();
        var calibrate = args.Length <= 2 || args[2] != "uncalibrated";
        var model = PricingTraining.Train(sold, "pricing-bench", "USD", DateTimeOffset.UtcNow, new Gavel.Pricing.Estimates.PriceTrainingOptions { CalibrateIntervals = calibrate });
        Console.WriteLine($"trained on {sales:N0} sales ({sold.Sum(s => s.Bids.Count):N0} bids) in {watch.Elapsed.TotalSeconds:0.0} s on {Environment.ProcessorCount} cores; "
            + $"held-out listing MAE {model.Manifest.Holdout!.Listing.Mae}, coverage {model.Manifest.Holdout.Listing.Coverage80}");
        break;
    case "http":
        await Latency.HttpAsync(new Uri(args[1]), Arg(2, 200), Arg(3, 30), Arg(4, 13));
        break;
    default:
        Console.Error.WriteLine($"unknown mode {mode}; use bdn, latency, train or http");
        return 1;
}

return 0;

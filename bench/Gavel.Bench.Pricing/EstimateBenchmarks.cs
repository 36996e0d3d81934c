using BenchmarkDotNet.Attributes;
using Gavel.Pricing.Estimates;
using Gavel.Pricing.History;

namespace Gavel.Bench.Pricing;

/// <summary>One in-process estimate and one forecast on a model trained on 5,000 synthetic sales.</summary>
[MemoryDiagnoser]
public class EstimateBenchmarks
{
    private static readonly Listing Seiko = new("Seiko diver watch", "watches", null, 60m, 7, DayOfWeek.Sunday);
    private PriceModel model = null!;
    private List<BidEvent> bids = null!;

    [GlobalSetup]
    public void Setup()
    {
        model = Models.Train(5_000);
        bids = SyntheticHistory.Bids(new Random(1), 60m, 320m);
    }

    [Benchmark]
    public PriceEstimate Estimate() => model.Estimate(Seiko);

    [Benchmark]
    public PriceEstimate Forecast() => model.Forecast(Seiko, bids, 0.8);
}

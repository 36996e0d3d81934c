using Gavel.Pricing.Datasets;
using Gavel.Pricing.Estimates;
using Gavel.Pricing.History;
using Gavel.Pricing.Lifecycle;

namespace Gavel.Pricing.Evaluation;

/// <summary>
/// Trains on the training part of the shared split and scores the held-out part, for the three scenarios of
/// the issue. The price models are trained by the same <see cref="PriceModelTrainer"/> that serves estimates.
/// </summary>
public static class PricingEvaluation
{
    public const double LiveAt = 0.9;

    public static EvaluationReport Run(string dataDirectory, TimeProvider clock, PriceTrainingOptions? options = null)
    {
        options ??= new PriceTrainingOptions();
        var auctions = AuctionCsv.Read(Path.Combine(dataDirectory, AuctionCsv.FileName));
        var split = EvaluationSplit.Read(Path.Combine(dataDirectory, "auction_split.csv"));
        var train = auctions.Where(a => !split.IsTest(a.AuctionId)).ToList();
        var test = auctions.Where(a => split.IsTest(a.AuctionId)).ToList();

        return new EvaluationReport(
            clock.GetUtcNow(),
            dataDirectory,
            Listing(train, test, options),
            Live(train, test, options, LiveSignal.HiddenMaxima),
            Live(train, test, options, LiveSignal.Visible),
            ShillEvaluation.Run(dataDirectory));
    }

    private static PriceModel Train(IReadOnlyList<AuctionCsvAuction> train, PriceTrainingOptions options, LiveSignal signal) =>
        PriceModelTrainer.Train(
            [.. train.Select(AuctionCsv.ToSold)],
            options with { Signal = signal },
            new ModelManifest("evaluation", DateTimeOffset.UnixEpoch, ModelManifest.CurrentFormat, signal, options.Checkpoints, 0, 0, train.Count, "USD", null));

    /// <summary>
    /// The bids a live Gavel auction has at <paramref name="elapsed"/>, as the server reads them for /forecast
    /// (<see cref="Platform.PlatformHistory.VisibleBidsAsync"/>): placed by then, visible price only, the hidden
    /// maximum blanked so that nothing downstream can read it.
    /// </summary>
    public static IReadOnlyList<BidEvent> ServedBids(SoldAuction sold, double elapsed) =>
        [.. sold.Bids.Where(b => b.Elapsed <= elapsed).Select(b => b with { MaxAmount = 0m })];

    private static PriceScenario Listing(List<AuctionCsvAuction> train, List<AuctionCsvAuction> test, PriceTrainingOptions options)
    {
        var model = Train(train, options, LiveSignal.Visible);
        var scored = test.Select(a =>
        {
            var listing = AuctionCsv.ToListing(a);
            var range = model.PredictListing(listing, model.Index.Lookup(listing));
            return new Scored(a.Item, a.Price, range.Median, range);
        }).ToList();

        var itemMedian = train.GroupBy(a => a.Item).ToDictionary(g => g.Key, g => Median(g.Select(a => a.Price)));
        var itemLengthMedian = train.GroupBy(a => (a.Item, a.DurationDays)).ToDictionary(g => g.Key, g => Median(g.Select(a => a.Price)));
        var score = PredictorScore.Of(scored);
        return new PriceScenario(
            "auction.csv at listing time: item, auction length and opening bid only (plus the training sales as comparables). "
            + "The model is the served listing model: a quantile regression forest (ML.NET FastForest) on log price; median = p50, interval = p10-p90.",
            train.Count,
            test.Count,
            score,
            new Dictionary<string, PredictorScore>
            {
                ["itemLengthMedian"] = PredictorScore.Of([.. test.Select(a => new Scored(a.Item, a.Price,
                    itemLengthMedian.TryGetValue((a.Item, a.DurationDays), out var m) ? m : itemMedian[a.Item]))]),
                ["maxOpeningBidItemMedian"] = PredictorScore.Of([.. test.Select(a => new Scored(a.Item, a.Price, Math.Max(a.OpenBid, itemMedian[a.Item])))]),
            },
            [
                new Target("mae", "<= 80", score.Overall.Mae, score.Overall.Mae <= 80),
                Coverage(score.Overall),
            ]);
    }

    private static PriceScenario Live(List<AuctionCsvAuction> train, List<AuctionCsvAuction> test, PriceTrainingOptions options, LiveSignal signal)
    {
        var model = Train(train, options, signal);
        var scored = test.Select(a =>
        {
            var sold = AuctionCsv.ToSold(a);
            if (signal == LiveSignal.Visible)
            {
                return Served(model, a);
            }

            var snapshot = LiveSnapshot.At(a.OpenBid, sold.Bids, LiveAt, signal);
            var range = model.PredictLive(sold.Listing, model.Index.Lookup(sold.Listing), snapshot);
            return new Scored(a.Item, a.Price, range.Median, range);
        }).ToList();

        var itemMedian = train.GroupBy(a => a.Item).ToDictionary(g => g.Key, g => Median(g.Select(a => a.Price)));
        var items = itemMedian.Keys.Order(StringComparer.Ordinal).ToList();
        double[] Row(AuctionCsvAuction a)
        {
            var s = LiveSnapshot.At(a.OpenBid, AuctionCsv.ToSold(a).Bids, LiveAt, signal);
            return
            [
                .. items.Select(i => i == a.Item ? 1.0 : 0.0),
                .. items.Select(i => i == a.Item ? PriceFeatures.Log(s.Price) : 0.0),
                a.DurationDays == 3 ? 1 : 0,
                a.DurationDays == 5 ? 1 : 0,
                PriceFeatures.Log(a.OpenBid),
                Math.Log(1 + s.BidCount),
                Math.Log(1 + s.BidderCount),
            ];
        }

        var folds = signal == LiveSignal.Visible ? TrainingFolds(train, options) : null;
        var weights = LeastSquares.Fit([.. train.Select(Row)], [.. train.Select(a => PriceFeatures.Log(a.Price))]);
        var score = PredictorScore.Of(scored);
        var what = signal == LiveSignal.HiddenMaxima
            ? "the bids so far as the dataset defines them (bid amounts are proxy maxima: the highest so far is hidden on a live auction)"
            : "only what Gavel shows publicly (GET /api/auctions/{id}/bids): the visible price after each bid (second-highest maximum plus one increment), "
              + "bid and bidder counts, timing. Scored through the served path itself (PriceModel.Forecast with the bids so far, maxima blanked), as /forecast answers";
        return new PriceScenario(
            $"auction.csv at {LiveAt:P0} of the auction, from {what}. Quantile regression forest on the log growth over the current price.",
            train.Count,
            test.Count,
            score,
            new Dictionary<string, PredictorScore>
            {
                ["logLinear"] = PredictorScore.Of([.. test.Select(a => new Scored(a.Item, a.Price, PriceFeatures.Exp(LeastSquares.Predict(weights, Row(a)))))]),
                ["maxPriceItemMedian"] = PredictorScore.Of([.. test.Select(a => new Scored(a.Item, a.Price,
                    Math.Max(LiveSnapshot.At(a.OpenBid, AuctionCsv.ToSold(a).Bids, LiveAt, signal).Price, itemMedian[a.Item])))]),
            },
            [
                new Target("mae", "< 35", score.Overall.Mae, score.Overall.Mae < 35),
                Coverage(score.Overall),
            ],
            folds?.Overall,
            folds?.PerItem);
    }

    /// <summary>
    /// Exactly what GET /api/auctions/{id}/forecast runs: the served model (the checkpoint nearest the time elapsed
    /// answering), the bids so far without their maxima, the answer rounded to cents as the API returns it.
    /// </summary>
    private static Scored Served(PriceModel model, AuctionCsvAuction auction)
    {
        var sold = AuctionCsv.ToSold(auction);
        var served = model.Forecast(sold.Listing, ServedBids(sold, LiveAt), LiveAt);
        var median = served.Median ?? throw new InvalidOperationException($"No forecast for {auction.Key}: {served.Reason}");
        return new Scored(auction.Item, auction.Price, median, new PriceRange(served.Low!.Value, median, served.High!.Value));
    }

    /// <summary>
    /// The served forecast cross-validated over the training part's own folds (FNV-1a mod 5 = 1..4, as the shared split
    /// defines them); only the forest at <see cref="LiveAt"/> is trained, which is the one that answers there.
    /// </summary>
    private static PredictorScore TrainingFolds(List<AuctionCsvAuction> train, PriceTrainingOptions options)
    {
        var scored = new List<Scored>();
        foreach (var fold in train.GroupBy(a => Fnv1a.Fold(a.AuctionId)).OrderBy(g => g.Key))
        {
            var model = Train([.. train.Where(a => Fnv1a.Fold(a.AuctionId) != fold.Key)], options with { Checkpoints = [LiveAt] }, LiveSignal.Visible);
            scored.AddRange(fold.Select(a => Served(model, a)));
        }

        return PredictorScore.Of(scored);
    }

    private static Target Coverage(ScenarioMetrics metrics) =>
        new("coverage80", "0.75-0.85", metrics.Coverage80 ?? 0, metrics.Coverage80 is >= 0.75 and <= 0.85);

    private static decimal Median(IEnumerable<decimal> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

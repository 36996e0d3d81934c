using Gavel.Bench.Load.Hosting;
using Gavel.Bench.Load.Load;

namespace Gavel.Bench.Load.Closer;

/// <summary>Closer lateness (endedAt - endsAt) over the auctions of one run, with the bid load it ran under, if any.</summary>
internal sealed record CloserResult(
    string Name,
    string Provider,
    string Target,
    int Auctions,
    double WindowSeconds,
    int LoadClients,
    double SetupSeconds,
    long Ended,
    LatencySummary Lateness,
    IReadOnlyDictionary<string, long> Statuses,
    double? LoadAcceptedPerSecond,
    long? LoadServerErrors,
    string? ServerLog)
{
    public static CloserResult From(string name, CloserOptions options, BenchTarget target, LatenessReadings readings, TimeSpan setup, BidLoadMeasurement? load)
    {
        var measured = load?.Stats.Measured;
        return new CloserResult(
            name,
            options.Target.Provider.ToString().ToLowerInvariant(),
            target.Description,
            options.Auctions,
            options.Window.TotalSeconds,
            options.LoadClients,
            Math.Round(setup.TotalSeconds, 1),
            readings.Micros.Count,
            LatencySummary.From(readings.Micros),
            readings.Statuses,
            measured is null ? null : Math.Round((double)measured.GetValueOrDefault(Outcomes.Accepted) / load!.Stats.AcceptedTimeline.Length, 1),
            measured?.Where(kv => Outcomes.IsServerError(kv.Key) || Outcomes.IsTransport(kv.Key)).Sum(kv => kv.Value),
            target.ServerLog);
    }
}

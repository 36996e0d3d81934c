using Gavel.Bench.Load.Hosting;

namespace Gavel.Bench.Load.Load;

/// <summary>What one bid scenario measured; written as JSON and summarised as a table row.</summary>
internal sealed record BidScenarioResult(
    string Name,
    string Scenario,
    string Provider,
    string Target,
    int Clients,
    int Bidders,
    bool IdempotencyKeys,
    int ExtraIncrements,
    int Auctions,
    double WarmupSeconds,
    double DurationSeconds,
    DateTimeOffset StartedAt,
    long Requests,
    long Accepted,
    long BidTooLow,
    long InsufficientFunds,
    long RateLimited,
    long ServerErrors,
    long TransportErrors,
    long OtherResponses,
    double AcceptedPerSecond,
    double RequestsPerSecond,
    LatencySummary Latency,
    LatencySummary AcceptedLatency,
    IReadOnlyDictionary<string, long> Outcomes,
    IReadOnlyList<long> AcceptedPerSecondTimeline,
    CpuUsage Cpu,
    long ClientSeenAcceptedAllPhases,
    long ServerBidCount,
    IReadOnlyList<string> ErrorSamples,
    string? ServerLog,
    IReadOnlyDictionary<string, string> ServerSettings)
{
    public static BidScenarioResult From(
        string name, BidScenarioOptions options, BenchTarget target, int auctions, DateTimeOffset startedAt, BidLoadMeasurement measurement, long serverBidCount)
    {
        var measured = measurement.Stats.Measured;
        long Count(Func<string, bool> which) => measured.Where(kv => which(kv.Key)).Sum(kv => kv.Value);
        var requests = Count(_ => true);
        var accepted = Count(o => o == Load.Outcomes.Accepted);
        var tooLow = Count(o => o == Load.Outcomes.TooLow);
        var funds = Count(o => o == Load.Outcomes.InsufficientFunds);
        var limited = Count(o => o == Load.Outcomes.RateLimited);
        var server = Count(Load.Outcomes.IsServerError);
        var transport = Count(Load.Outcomes.IsTransport);
        var seconds = options.Duration.TotalSeconds;
        return new BidScenarioResult(
            name,
            options.Scenario.ToString().ToLowerInvariant(),
            options.Target.Provider.ToString().ToLowerInvariant(),
            target.Description,
            options.Clients,
            options.Bidders,
            options.IdempotencyKeys,
            options.ExtraIncrements,
            auctions,
            options.Warmup.TotalSeconds,
            seconds,
            startedAt,
            requests,
            accepted,
            tooLow,
            funds,
            limited,
            server,
            transport,
            requests - accepted - tooLow - funds - limited - server - transport,
            Math.Round(accepted / seconds, 1),
            Math.Round(requests / seconds, 1),
            LatencySummary.From(measurement.Stats.LatencyMicros),
            LatencySummary.From(measurement.Stats.AcceptedLatencyMicros),
            measured.OrderByDescending(kv => kv.Value).ToDictionary(),
            measurement.Stats.AcceptedTimeline,
            measurement.Cpu,
            measurement.Stats.All.GetValueOrDefault(Load.Outcomes.Accepted),
            serverBidCount,
            measurement.Stats.ErrorSamples,
            target.ServerLog,
            options.Target.Url is null ? Settings(options.Target) : new Dictionary<string, string>());
    }

    private static Dictionary<string, string> Settings(TargetOptions target)
    {
        var settings = new Dictionary<string, string>(BidScenario.ServerSettings);
        foreach (var (key, value) in target.ExtraSettings)
        {
            settings[key] = value;
        }

        if (target.Provider == Hosting.Provider.Postgres && !string.IsNullOrWhiteSpace(target.Postgres.Extra))
        {
            settings["ConnectionStrings:Gavel (appended)"] = target.Postgres.Extra;
        }

        return settings;
    }
}

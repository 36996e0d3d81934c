namespace Gavel.Bench.Load.Load;

internal static class Outcomes
{
    public const string Accepted = "201";
    public const string TooLow = "409 bid_too_low";
    public const string InsufficientFunds = "409 insufficient_funds";
    public const string RateLimited = "429";
    public const string TransportPrefix = "transport ";

    public static bool IsServerError(string outcome) => outcome.Length == 3 && outcome[0] == '5';

    public static bool IsTransport(string outcome) => outcome.StartsWith(TransportPrefix, StringComparison.Ordinal);
}

/// <summary>One client's counts and latencies (no locking: each client owns one), merged once at the end.</summary>
internal sealed class ClientStats(int seconds)
{
    private const int MaxSamples = 5;

    /// <summary>Outcomes of bids sent inside the measured window.</summary>
    public Dictionary<string, long> Measured { get; } = [];

    /// <summary>Outcomes of every bid, warm-up included: compared with the server's bid counts afterwards.</summary>
    public Dictionary<string, long> All { get; } = [];

    public List<long> LatencyMicros { get; } = [];

    public List<long> AcceptedLatencyMicros { get; } = [];

    /// <summary>Accepted bids per second of the measured window, to show whether the rate held steady.</summary>
    public long[] AcceptedTimeline { get; } = new long[Math.Max(1, seconds)];

    /// <summary>The first few bodies of 5xx answers and broken connections, for the report.</summary>
    public List<string> ErrorSamples { get; } = [];

    public void Record(string outcome, string? body, long micros, int measuredSecond)
    {
        All[outcome] = All.GetValueOrDefault(outcome) + 1;
        if ((Outcomes.IsServerError(outcome) || Outcomes.IsTransport(outcome)) && ErrorSamples.Count < MaxSamples)
        {
            ErrorSamples.Add($"{outcome}: {Truncate(body)}");
        }

        if (measuredSecond < 0)
        {
            return;
        }

        Measured[outcome] = Measured.GetValueOrDefault(outcome) + 1;
        LatencyMicros.Add(micros);
        if (outcome == Outcomes.Accepted)
        {
            AcceptedLatencyMicros.Add(micros);
            if (measuredSecond < AcceptedTimeline.Length)
            {
                AcceptedTimeline[measuredSecond]++;
            }
        }
    }

    public static ClientStats Merge(IReadOnlyList<ClientStats> clients)
    {
        var merged = new ClientStats(clients[0].AcceptedTimeline.Length);
        foreach (var client in clients)
        {
            Add(merged.Measured, client.Measured);
            Add(merged.All, client.All);
            merged.LatencyMicros.AddRange(client.LatencyMicros);
            merged.AcceptedLatencyMicros.AddRange(client.AcceptedLatencyMicros);
            for (var i = 0; i < merged.AcceptedTimeline.Length; i++)
            {
                merged.AcceptedTimeline[i] += client.AcceptedTimeline[i];
            }

            merged.ErrorSamples.AddRange(client.ErrorSamples.Take(MaxSamples - merged.ErrorSamples.Count));
        }

        return merged;
    }

    private static void Add(Dictionary<string, long> into, Dictionary<string, long> from)
    {
        foreach (var (key, count) in from)
        {
            into[key] = into.GetValueOrDefault(key) + count;
        }
    }

    private static string Truncate(string? text) => text is null ? "" : text.Length <= 300 ? text : text[..300] + "...";
}

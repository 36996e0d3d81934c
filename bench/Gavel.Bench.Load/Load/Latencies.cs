namespace Gavel.Bench.Load.Load;

/// <summary>Latency percentiles from every recorded sample (a sorted array: a run holds at most a few hundred thousand).</summary>
internal sealed record LatencySummary(long Count, double P50Ms, double P95Ms, double P99Ms, double MaxMs, double MeanMs)
{
    public static LatencySummary From(List<long> microseconds)
    {
        if (microseconds.Count == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }

        var sorted = microseconds.ToArray();
        Array.Sort(sorted);
        return new LatencySummary(
            sorted.Length,
            Percentile(sorted, 50),
            Percentile(sorted, 95),
            Percentile(sorted, 99),
            sorted[^1] / 1000.0,
            Math.Round(sorted.Average() / 1000.0, 2));
    }

    /// <summary>Nearest-rank percentile, in milliseconds.</summary>
    public static double Percentile(long[] sortedMicroseconds, double percentile)
    {
        var rank = (int)Math.Ceiling(percentile / 100.0 * sortedMicroseconds.Length);
        return sortedMicroseconds[Math.Clamp(rank - 1, 0, sortedMicroseconds.Length - 1)] / 1000.0;
    }
}

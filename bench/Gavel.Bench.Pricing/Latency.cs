using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Gavel.Pricing.History;

namespace Gavel.Bench.Pricing;

/// <summary>Per-call latency percentiles (BenchmarkDotNet reports means of batches, not single-call tails).</summary>
internal static class Latency
{
    public static void InProcess(int auctions, int calls)
    {
        var model = Models.Train(auctions);
        var listing = new Listing("Seiko diver watch", "watches", null, 60m, 7, DayOfWeek.Sunday);
        var bids = SyntheticHistory.Bids(new Random(1), 60m, 320m);
        for (var i = 0; i < 20_000; i++)
        {
            model.Estimate(listing with { StartingPrice = 10m + (i % 300) });
        }

        foreach (var (name, call) in new (string, Action<int>)[]
        {
            ("estimate", i => model.Estimate(listing with { StartingPrice = 10m + (i % 300) })),
            ("forecast", i => model.Forecast(listing, bids, 0.5 + ((i % 40) / 100.0))),
        })
        {
            var times = new double[calls];
            for (var i = 0; i < calls; i++)
            {
                var start = Stopwatch.GetTimestamp();
                call(i);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            Report($"in-process {name} ({auctions:N0} sales, {calls:N0} calls)", times);
        }
    }

    /// <summary>Open-loop load: requests start on schedule whether or not earlier ones finished, so queueing shows in the tail.</summary>
    public static async Task HttpAsync(Uri server, int rps, int seconds, int categoryId)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(10) };
        var body = new { title = "Seiko SKX007 automatic diver", categoryId, startingPrice = 100, durationDays = 7 };
        for (var i = 0; i < 200; i++)
        {
            (await http.PostAsJsonAsync("/api/estimates", body)).EnsureSuccessStatusCode();
        }

        var total = rps * seconds;
        var tasks = new List<Task<double>>(total);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rps);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            tasks.Add(TimeOneAsync(http, body));
        }

        var times = await Task.WhenAll(tasks);
        Report($"HTTP POST /api/estimates at {rps} rps for {seconds} s ({clock.Elapsed.TotalSeconds:0.0} s to send)", times);
    }

    private static async Task<double> TimeOneAsync(HttpClient http, object body)
    {
        var start = Stopwatch.GetTimestamp();
        using var response = await http.PostAsJsonAsync("/api/estimates", body);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static void Report(string what, double[] times)
    {
        Array.Sort(times);
        string P(double q) => times[Math.Min(times.Length - 1, (int)(q * times.Length))].ToString("0.000", CultureInfo.InvariantCulture);
        Console.WriteLine($"{what}: p50 {P(0.5)} ms, p90 {P(0.9)} ms, p99 {P(0.99)} ms, p99.9 {P(0.999)} ms, max {P(1)} ms");
    }
}

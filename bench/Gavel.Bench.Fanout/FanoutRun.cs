using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Gavel.Bench.Fanout;

internal sealed record Update(Guid AuctionId, long Sequence);

/// <summary>One run: connect the followers, bid at a steady rate from two alternating bidders, time every delivery.</summary>
internal sealed class FanoutRun
{
    private readonly long[,] arrivals; // [follower, sequence] in Stopwatch ticks, 0 = not received
    private readonly long[] sent;
    private readonly long[] responded;
    private readonly long[] sequenceOf;

    private FanoutRun(int followers, int bids)
    {
        arrivals = new long[followers, bids + 2];
        sent = new long[bids];
        responded = new long[bids];
        sequenceOf = new long[bids];
    }

    public static async Task<FanoutResult> RunAsync(ChildServer server, int followers, int rate, int seconds)
    {
        var bids = rate * seconds;
        var run = new FanoutRun(followers, bids);
        var seller = await server.SignUpAsync("seller", 0m);
        var bidders = new[] { await server.SignUpAsync("alice", 500_000m), await server.SignUpAsync("bob", 500_000m) };
        var categories = await server.Http.GetFromJsonAsync<JsonArray>("api/categories");
        var created = await seller.PostAsJsonAsync("api/auctions", new
        {
            title = "Fan-out lot",
            description = "Watched by many.",
            categoryId = categories![0]!["id"]!.GetValue<int>(),
            startingPrice = 1m,
            endsAt = DateTimeOffset.UtcNow.AddHours(3),
            softCloseMinutes = 0,
        });
        var auctionId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        (await seller.PostAsync($"api/auctions/{auctionId}/publish", null)).EnsureSuccessStatusCode();

        var connecting = Stopwatch.StartNew();
        var connections = await run.ConnectAsync(server.Address, auctionId, followers);
        Console.WriteLine($"{followers} followers connected in {connecting.Elapsed.TotalSeconds:F1} s");

        var clock = Stopwatch.StartNew();
        var pending = new List<Task>();
        for (var i = 0; i < bids; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            pending.Add(run.BidAsync(bidders[i % 2], auctionId, i));
        }

        await Task.WhenAll(pending);
        var lastSequence = run.sequenceOf.Max();
        var wait = Stopwatch.StartNew();
        while (run.Missing(lastSequence) > 0 && wait.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100);
        }

        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        return run.Measure();
    }

    private async Task<List<HubConnection>> ConnectAsync(Uri server, Guid auctionId, int followers)
    {
        var connections = new HubConnection[followers];
        for (var batch = 0; batch < followers; batch += 50)
        {
            await Task.WhenAll(Enumerable.Range(batch, Math.Min(50, followers - batch)).Select(async f =>
            {
                var connection = new HubConnectionBuilder()
                    .WithUrl(new Uri(server, "hubs/live"), o =>
                    {
                        o.Transports = HttpTransportType.WebSockets;
                        o.SkipNegotiation = true;
                    })
                    .Build();
                connection.On<Update>("AuctionUpdated", u =>
                {
                    var at = Stopwatch.GetTimestamp();
                    if (u.Sequence < arrivals.GetLength(1))
                    {
                        arrivals[f, u.Sequence] = at;
                    }
                });
                await connection.StartAsync();
                await connection.InvokeAsync("Follow", auctionId);
                connections[f] = connection;
            }));
        }

        return [.. connections];
    }

    private async Task BidAsync(HttpClient bidder, Guid auctionId, int i)
    {
        // Each maximum is 250 above the last: always above the next minimum bid, so every bid is accepted in order.
        sent[i] = Stopwatch.GetTimestamp();
        try
        {
            var response = await bidder.PostAsJsonAsync($"api/auctions/{auctionId}/bids", new { maxAmount = 10m + (250m * i) });
            responded[i] = Stopwatch.GetTimestamp();
            if (response.StatusCode == HttpStatusCode.Created)
            {
                sequenceOf[i] = (await response.Content.ReadFromJsonAsync<JsonObject>())!["sequence"]!.GetValue<long>();
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // Counted as not accepted: the report shows accepted/attempted.
        }
    }

    private int Missing(long lastSequence)
    {
        var missing = 0;
        for (var f = 0; f < arrivals.GetLength(0); f++)
        {
            missing += arrivals[f, lastSequence] == 0 ? 1 : 0;
        }

        return missing;
    }

    private FanoutResult Measure()
    {
        var perDelivery = new List<double>();
        var perBid = new List<double>();
        var http = new List<double>();
        var missing = 0;
        var accepted = 0;
        for (var i = 0; i < sent.Length; i++)
        {
            if (sequenceOf[i] == 0)
            {
                continue;
            }

            accepted++;
            http.Add(Stopwatch.GetElapsedTime(sent[i], responded[i]).TotalMilliseconds);
            var last = double.MinValue;
            for (var f = 0; f < arrivals.GetLength(0); f++)
            {
                var at = arrivals[f, sequenceOf[i]];
                if (at == 0)
                {
                    missing++;
                    continue;
                }

                var ms = (at - responded[i]) * 1000.0 / Stopwatch.Frequency;
                perDelivery.Add(ms);
                last = Math.Max(last, ms);
            }

            perBid.Add(last);
        }

        return new FanoutResult(accepted, sent.Length, missing, perDelivery, perBid, http);
    }
}

internal sealed record FanoutResult(int Accepted, int Attempted, int Missing, List<double> PerDelivery, List<double> PerBid, List<double> Http)
{
    public string Report(int followers, int rate, int seconds)
    {
        var text = new StringBuilder();
        text.AppendLine($"followers {followers}, {rate} bids/s for {seconds} s: {Accepted}/{Attempted} bids accepted, {PerDelivery.Count} deliveries, {Missing} missing");
        text.AppendLine(Line("bid HTTP round trip (send -> response)", Http));
        text.AppendLine(Line("each delivery (response -> follower)", PerDelivery));
        text.AppendLine(Line("every follower has it (response -> last follower)", PerBid));
        text.AppendLine($"load average at the end (other work on the machine): {File.ReadAllText("/proc/loadavg").Trim()}");
        text.AppendLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        return text.ToString();
    }

    private static string Line(string what, List<double> values)
    {
        if (values.Count == 0)
        {
            return $"{what}: no data";
        }

        var sorted = values.Order().ToArray();
        double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return $"{what}: p50 {At(0.50):F1} ms, p99 {At(0.99):F1} ms, max {sorted[^1]:F1} ms, min {sorted[0]:F1} ms";
    }
}

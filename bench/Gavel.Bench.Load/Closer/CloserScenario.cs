using System.Diagnostics;
using Gavel.Bench.Load.Api;
using Gavel.Bench.Load.Hosting;
using Gavel.Bench.Load.Load;

namespace Gavel.Bench.Load.Closer;

internal sealed record CloserOptions(TargetOptions Target, int Auctions, TimeSpan Window, TimeSpan Lead, int Bidders, int LoadClients);

/// <summary>
/// How late the closer ends auctions: many auctions ending inside one short window, each with a bid so closing
/// and settling move money, then endedAt - endsAt from GET /api/auctions/{id}. Optionally under bid load on
/// other auctions at the same time.
/// </summary>
internal static class CloserScenario
{
    private const decimal StartingPrice = 10m;

    public static async Task<CloserResult> RunAsync(CloserOptions options, string outputFolder, CancellationToken ct)
    {
        var name = $"closer-{options.Target.Provider.ToString().ToLowerInvariant()}{(options.LoadClients > 0 ? $"-load{options.LoadClients}" : "")}";
        Console.WriteLine($"== closer: {name}, {options.Auctions} auctions ending within {options.Window.TotalSeconds:0} s");
        var settings = new Dictionary<string, string>(BidScenario.ServerSettings)
        {
            ["Auctions:MinimumDuration"] = "00:00:05",
            ["Workers:CloserEnabled"] = "true",
        };
        await using var target = await BenchTarget.OpenAsync(options.Target, settings, Path.Combine(outputFolder, $"server-{name}.log"), ct);
        try
        {
            return await RunAsync(options, name, target, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or BenchException)
        {
            target.ThrowIfServerExited();
            throw;
        }
    }

    private static async Task<CloserResult> RunAsync(CloserOptions options, string name, BenchTarget target, CancellationToken ct)
    {
        using var api = new GavelApi(target.Url, Math.Max(8, options.LoadClients + 8));
        var participants = await Participants.CreateAsync(api, Math.Max(options.Bidders, options.LoadClients), ct);
        var categoryId = await api.FirstCategoryIdAsync(ct);

        var busy = new List<Guid>();
        for (var i = 0; i < (options.LoadClients > 0 ? 100 : 0); i++)
        {
            busy.Add(await api.CreateLiveAuctionAsync(participants.Seller.Token, $"Busy lot {i + 1}", categoryId, StartingPrice, (await api.ServerTimeAsync(ct)).AddHours(2), ct));
        }

        var firstEnd = (await api.ServerTimeAsync(ct)) + options.Lead;
        var lots = new (Guid Id, DateTimeOffset EndsAt)[options.Auctions];
        var creating = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Auctions), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (i, token) =>
        {
            var endsAt = firstEnd + options.Window * i / options.Auctions;
            var id = await api.CreateLiveAuctionAsync(participants.Seller.Token, $"Closing lot {i + 1}", categoryId, StartingPrice, endsAt, token);
            var bidder = participants.Bidders[i % participants.Bidders.Count];
            using var bid = await api.PlaceBidAsync(bidder.Token, id, StartingPrice + 5m, token);
            if (!bid.IsSuccessStatusCode)
            {
                throw new BenchException($"The setup bid on {id} answered {(int)bid.StatusCode}: {await bid.Content.ReadAsStringAsync(token)}");
            }

            lots[i] = (id, endsAt);
        });
        Console.WriteLine($"  {options.Auctions} auctions created, published and bid on in {creating.Elapsed.TotalSeconds:0.0} s; first ends at {firstEnd:HH:mm:ss.fff}");

        // The bid load starts once the lots exist (set-up under load would eat the lead) and lasts past the last end.
        var lastEnd = lots.Max(l => l.EndsAt);
        var background = Task.FromResult<BidLoadMeasurement?>(null);
        if (options.LoadClients > 0)
        {
            var loadFor = lastEnd - await api.ServerTimeAsync(ct) + TimeSpan.FromSeconds(3);
            background = Task.Run<BidLoadMeasurement?>(async () => await BidLoad.RunAsync(
                api, participants, busy, StartingPrice, new BidLoadSettings(options.LoadClients, TimeSpan.Zero, loadFor, 10_000_000), target.ServerCpu, target.PostgresDatabase, ct), ct);
        }

        var wait = lastEnd - await api.ServerTimeAsync(ct) + TimeSpan.FromSeconds(2);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, ct);
        }

        var lateness = await PollAsync(api, lots, TimeSpan.FromSeconds(60), ct);
        var load = await background;
        return CloserResult.From(name, options, target, lateness, creating.Elapsed, load);
    }

    /// <summary>Reads every auction until each has ended and settled, or the timeout passes.</summary>
    private static async Task<LatenessReadings> PollAsync(GavelApi api, (Guid Id, DateTimeOffset EndsAt)[] lots, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var late = new Dictionary<Guid, long>();
        var statuses = new Dictionary<Guid, string>();
        while (true)
        {
            foreach (var (id, _) in lots.Where(l => statuses.GetValueOrDefault(l.Id) != "settled"))
            {
                var auction = await api.GetAuctionAsync(id, ct);
                statuses[id] = auction.GetProperty("status").GetString() ?? "?";
                if (auction.TryGetProperty("endedAt", out var ended) && ended.ValueKind == System.Text.Json.JsonValueKind.String)
                {
                    late[id] = (long)(ended.GetDateTimeOffset() - auction.GetProperty("endsAt").GetDateTimeOffset()).TotalMicroseconds;
                }
            }

            if (statuses.Values.All(s => s == "settled") || clock.Elapsed > timeout)
            {
                return new LatenessReadings([.. late.Values], statuses.Values.GroupBy(s => s).ToDictionary(g => g.Key, g => (long)g.Count()));
            }

            await Task.Delay(500, ct);
        }
    }
}

internal sealed record LatenessReadings(List<long> Micros, Dictionary<string, long> Statuses);

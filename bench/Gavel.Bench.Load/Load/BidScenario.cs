using Gavel.Bench.Load.Api;
using Gavel.Bench.Load.Hosting;

namespace Gavel.Bench.Load.Load;

public enum Scenario
{
    /// <summary>Every client bids on one auction: the row lock on that auction serialises them.</summary>
    Hot,

    /// <summary>Clients bid on 100 auctions at random: the bid path with little contention.</summary>
    Spread,
}

internal sealed record BidScenarioOptions(
    Scenario Scenario, TargetOptions Target, int Clients, int Bidders, TimeSpan Warmup, TimeSpan Duration, long MaxRequests, bool IdempotencyKeys, int ExtraIncrements);

/// <summary>Sets up a seller, bidders and auctions on a target, runs <see cref="BidLoad"/> and checks the server's bid counts against it.</summary>
internal static class BidScenario
{
    public const decimal StartingPrice = 10m;

    /// <summary>
    /// Raised limits so the run measures the bid path, not the rate limiter; one bench seller lists every auction, past
    /// the open-listing cap; cheap hashing only to register users quickly.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ServerSettings = new Dictionary<string, string>
    {
        ["Auctions:MaxOpenListingsPerSeller"] = "1000000",
        ["RateLimits:BidPermitLimit"] = "1000000",
        ["RateLimits:AuthPermitLimit"] = "100000",
        ["Auth:PasswordHashIterations"] = "1000",
    };

    public static async Task<BidScenarioResult> RunAsync(BidScenarioOptions options, string outputFolder, CancellationToken ct)
    {
        var name = $"{options.Scenario.ToString().ToLowerInvariant()}-{options.Target.Provider.ToString().ToLowerInvariant()}{(options.IdempotencyKeys ? "-idempotent" : "")}";
        Console.WriteLine($"== bids: {name}, {options.Clients} clients, warm-up {options.Warmup.TotalSeconds:0} s, measured {options.Duration.TotalSeconds:0} s");
        await using var target = await BenchTarget.OpenAsync(options.Target, ServerSettings, Path.Combine(outputFolder, $"server-{name}.log"), ct);
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

    private static async Task<BidScenarioResult> RunAsync(BidScenarioOptions options, string name, BenchTarget target, CancellationToken ct)
    {
        using var api = new GavelApi(target.Url, options.Clients + 8);

        var participants = await Participants.CreateAsync(api, options.Bidders, ct);
        var auctions = await CreateAuctionsAsync(api, participants.Seller, options.Scenario == Scenario.Hot ? 1 : 100, ct);
        var startedAt = DateTimeOffset.UtcNow;
        var measurement = await BidLoad.RunAsync(
            api, participants, auctions, StartingPrice,
            new BidLoadSettings(options.Clients, options.Warmup, options.Duration, options.MaxRequests, options.IdempotencyKeys, options.ExtraIncrements),
            target.ServerCpu, target.PostgresDatabase, ct);

        long serverBidCount = 0;
        foreach (var id in auctions)
        {
            serverBidCount += (await api.GetAuctionAsync(id, ct)).GetProperty("bidCount").GetInt64();
        }

        return BidScenarioResult.From(name, options, target, auctions.Count, startedAt, measurement, serverBidCount);
    }

    /// <summary>Auctions that outlast the run by far (2 h), soft close off so the end never moves.</summary>
    private static async Task<IReadOnlyList<Guid>> CreateAuctionsAsync(GavelApi api, BenchUser seller, int count, CancellationToken ct)
    {
        var categoryId = await api.FirstCategoryIdAsync(ct);
        var endsAt = (await api.ServerTimeAsync(ct)).AddHours(2);
        var ids = new Guid[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (i, token) =>
            ids[i] = await api.CreateLiveAuctionAsync(seller.Token, $"Bench lot {i + 1}", categoryId, StartingPrice, endsAt, token));
        Console.WriteLine($"  {count} live auction(s) created");
        return ids;
    }
}

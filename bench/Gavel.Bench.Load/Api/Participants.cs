using System.Diagnostics;

namespace Gavel.Bench.Load.Api;

internal sealed record BenchUser(string Email, string Token);

/// <summary>One seller and N bidders, registered, logged in and (bidders) funded through the public API.</summary>
internal sealed record Participants(BenchUser Seller, IReadOnlyList<BenchUser> Bidders)
{
    /// <summary>The API's maximum single amount: enough for every bid a run can place.</summary>
    public const decimal Deposit = 100_000_000m;

    private const string Password = "bench-password-0123";

    public static async Task<Participants> CreateAsync(GavelApi api, int bidders, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var run = Guid.NewGuid().ToString("N")[..8];
        var seller = await CreateUserAsync(api, $"seller-{run}@bench.example", "Bench seller", deposit: false, ct);
        var users = new BenchUser[bidders];
        await Parallel.ForEachAsync(Enumerable.Range(0, bidders), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (i, token) =>
            users[i] = await CreateUserAsync(api, $"bidder{i}-{run}@bench.example", $"Bench bidder {i}", deposit: true, token));
        Console.WriteLine($"  {bidders} bidders and 1 seller registered, logged in and funded in {clock.Elapsed.TotalSeconds:0.0} s");
        return new Participants(seller, users);
    }

    private static async Task<BenchUser> CreateUserAsync(GavelApi api, string email, string name, bool deposit, CancellationToken ct)
    {
        await api.RegisterAsync(email, Password, name, ct);
        var token = await api.LoginAsync(email, Password, ct);
        if (deposit)
        {
            await api.DepositAsync(token, Deposit, ct);
        }

        return new BenchUser(email, token);
    }
}

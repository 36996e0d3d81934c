using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Gavel.Bench.Load.Api;

namespace Gavel.Bench.Load.Load;

/// <summary>IdempotencyKeys: send a fresh Idempotency-Key with every bid, as a careful client does (API.md).</summary>
/// <summary>ExtraIncrements: a bid offers the known minimum plus 0..ExtraIncrements increments, at random.</summary>
internal sealed record BidLoadSettings(int Clients, TimeSpan Warmup, TimeSpan Duration, long MaxRequests, bool IdempotencyKeys = false, int ExtraIncrements = 2);

/// <summary>
/// C clients, each a logged-in bidder, placing valid proxy bids back to back for warm-up + duration. Only bids
/// sent inside the measured window count. A 201 is an accepted bid; a 409 is a correct refusal counted by its
/// code; a 5xx or a broken connection is an error, never a success.
/// </summary>
internal static class BidLoad
{
    public static async Task<BidLoadMeasurement> RunAsync(
        GavelApi api, Participants participants, IReadOnlyList<Guid> auctions, decimal startingPrice, BidLoadSettings settings,
        Func<TimeSpan> serverCpu, string? postgresDatabase, CancellationToken ct)
    {
        var book = new PriceBook(auctions, startingPrice);
        var clock = Stopwatch.StartNew();
        var measureFrom = settings.Warmup;
        var measureTo = settings.Warmup + settings.Duration;
        long requests = 0;
        var sampler = Task.Run(async () =>
        {
            await Task.Delay(measureFrom, ct);
            var cpu = new MachineCpu(serverCpu, postgresDatabase);
            await Task.Delay(settings.Duration, ct);
            return cpu.Stop();
        }, ct);

        var clients = Enumerable.Range(0, settings.Clients).Select(i => Task.Run(async () =>
        {
            var stats = new ClientStats((int)Math.Ceiling(settings.Duration.TotalSeconds));
            var bidder = participants.Bidders[i % participants.Bidders.Count];
            var random = new Random(i);
            var myLead = new Dictionary<Guid, decimal>();
            while (clock.Elapsed < measureTo && Interlocked.Increment(ref requests) <= settings.MaxRequests)
            {
                var auction = auctions[auctions.Count == 1 ? 0 : random.Next(auctions.Count)];
                var amount = ChooseAmount(book.MinimumFor(auction), settings.ExtraIncrements, myLead, auction, random);
                var sentAt = clock.Elapsed;
                var started = Stopwatch.GetTimestamp();
                var (outcome, body) = await SendAsync(api, bidder.Token, auction, amount, settings.IdempotencyKeys ? Guid.NewGuid().ToString("N") : null, ct);
                var micros = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                Learn(outcome, body, auction, book, myLead);
                stats.Record(outcome, body, micros, sentAt >= measureFrom ? (int)(sentAt - measureFrom).TotalSeconds : -1);
            }

            return stats;
        }, ct)).ToList();

        var all = await Task.WhenAll(clients);
        return new BidLoadMeasurement(ClientStats.Merge(all), await sampler);
    }

    /// <summary>
    /// The known minimum plus a few increments at random, so concurrent bidders on one lot do not all offer the
    /// same amount (of many equal offers only the first can be valid). A bidder who leads raises its own maximum
    /// instead (a bid the API accepts: a higher proxy maximum).
    /// </summary>
    private static decimal ChooseAmount(decimal minimum, int extraIncrements, Dictionary<Guid, decimal> myLead, Guid auction, Random random)
    {
        var amount = minimum + Increments.At(minimum) * random.Next(0, extraIncrements + 1);
        if (myLead.TryGetValue(auction, out var mine) && amount <= mine)
        {
            amount = mine + Increments.At(mine);
        }

        return amount;
    }

    private static async Task<(string Outcome, string? Body)> SendAsync(
        GavelApi api, string token, Guid auction, decimal amount, string? idempotencyKey, CancellationToken ct)
    {
        try
        {
            using var response = await api.PlaceBidAsync(token, auction, amount, ct, idempotencyKey);
            var body = await response.Content.ReadAsStringAsync(ct);
            var status = (int)response.StatusCode;
            return response.StatusCode switch
            {
                HttpStatusCode.Created => (Outcomes.Accepted, body),
                HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity => ($"{status} {CodeOf(body)}", body),
                _ => (status.ToString(System.Globalization.CultureInfo.InvariantCulture), body),
            };
        }
        catch (HttpRequestException ex)
        {
            return ($"{Outcomes.TransportPrefix}{ex.HttpRequestError}", ex.Message);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            return ($"{Outcomes.TransportPrefix}timeout", ex.Message);
        }
    }

    private static void Learn(string outcome, string? body, Guid auction, PriceBook book, Dictionary<Guid, decimal> myLead)
    {
        if (outcome == Outcomes.Accepted)
        {
            using var receipt = JsonDocument.Parse(body!);
            var root = receipt.RootElement;
            book.SawPrice(auction, root.GetProperty("currentPrice").GetDecimal());
            if (root.GetProperty("leading").GetBoolean())
            {
                myLead[auction] = root.GetProperty("maxAmount").GetDecimal();
            }
            else
            {
                myLead.Remove(auction);
            }
        }
        else if (outcome == Outcomes.TooLow)
        {
            // A leader's own bids always top its maximum, so a bid_too_low means someone else leads now.
            myLead.Remove(auction);
            using var problem = JsonDocument.Parse(body!);
            if (problem.RootElement.TryGetProperty("minimumBid", out var minimum))
            {
                book.SawMinimum(auction, minimum.GetDecimal());
            }
        }
    }

    private static string CodeOf(string body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.TryGetProperty("code", out var code) ? code.GetString() ?? "no_code" : "no_code";
        }
        catch (JsonException)
        {
            return "not_json";
        }
    }
}

internal sealed record BidLoadMeasurement(ClientStats Stats, CpuUsage Cpu);

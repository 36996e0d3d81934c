using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gavel.Core.Data;
using Gavel.Server.Tests.Infrastructure;

namespace Gavel.Server.Tests.Platform;

/// <summary>
/// Walks every operation the OpenAPI document names and sends it what a careless or hostile client would: unknown,
/// malformed and absurd ids, broken and wrongly shaped bodies, nonsense query values, as a stranger, a signed-in user
/// and an admin. Whatever the answer, it is never a 5xx, and an error from the API is a ProblemDetails.
/// </summary>
public abstract class ApiSweepTests
{
    private static readonly string[] Bodies =
    [
        "",
        "{",
        "[]",
        "null",
        "\"text\"",
        "{}",
        """{"amount": "ten", "maxAmount": -1e300, "title": 42, "categoryId": "x", "startsAt": "soon", "endsAt": 7}""",
        """{"amount": 1e300, "maxAmount": 99999999999999999999999, "id": "00000000-0000-0000-0000-000000000000"}""",
        "{\"title\": \"" + new string('x', 200_000) + "\"}",
    ];

    private static readonly string[] QueryValues = ["x", "-1", "0", "99999999999999999999", "1e309", "%00", new string('q', 5_000)];

    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task NoOperationAnswersBadInputWithAServerError()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var user = await app.CreateUserAsync(deposit: 500m);
        var admin = await app.CreateUserAsync(admin: true);
        var seller = await app.CreateUserAsync();
        var auction = await app.CreateLiveAuctionAsync(seller);
        await user.BidAsync(auction, 20m);

        var document = await app.Anonymous().GetJsonAsync("/openapi/v1.json");
        var callers = new (string Name, HttpClient Client)[] { ("anonymous", app.Anonymous()), ("user", user.Client), ("admin", admin.Client) };
        var idValues = new[] { auction.ToString(), Guid.NewGuid().ToString(), "not-an-id", "-1", "99999999999999999999", "%2e%2e" };
        var failures = new List<string>();
        var sent = 0;

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            // Sign-out and token endpoints would end the callers' sessions halfway through the sweep; they are
            // covered by the account tests, and the sweep still sends them broken bodies below as a stranger.
            var ends = path is "/api/auth/logout";
            foreach (var (method, operation) in item!.AsObject())
            {
                var parameters = operation!["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
                var queryNames = parameters.Where(p => (string?)p["in"] == "query").Select(p => (string)p["name"]!).ToList();
                var takesBody = operation["requestBody"] is not null || method is "post" or "put" or "patch";

                foreach (var target in Targets(path, idValues, queryNames))
                {
                    foreach (var body in takesBody ? Bodies : [""])
                    {
                        foreach (var (name, client) in ends ? callers.Take(1) : callers)
                        {
                            var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), target);
                            if (takesBody)
                            {
                                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                            }

                            var response = await client.SendAsync(request);
                            sent++;
                            var text = await response.Content.ReadAsStringAsync();
                            if ((int)response.StatusCode >= 500)
                            {
                                failures.Add($"{method.ToUpperInvariant()} {target} as {name} with body {Shorten(body)} -> {(int)response.StatusCode}: {Shorten(text)}");
                            }
                            else if ((int)response.StatusCode >= 400 && text.Length > 0 && path.StartsWith("/api/", StringComparison.Ordinal)
                                && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                            {
                                failures.Add($"{method.ToUpperInvariant()} {target} as {name} -> {(int)response.StatusCode} is not a ProblemDetails ({response.Content.Headers.ContentType}): {Shorten(text)}");
                            }
                            else if ((int)response.StatusCode >= 400 && path.StartsWith("/api/", StringComparison.Ordinal) && !HasContractFields(text))
                            {
                                failures.Add($"{method.ToUpperInvariant()} {target} as {name} -> {(int)response.StatusCode} lacks status, title, detail or code: {Shorten(text)}");
                            }
                        }
                    }
                }
            }
        }

        Assert.True(sent > 1_000, $"The sweep sent only {sent} requests; is the OpenAPI document empty?");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests:\n" + string.Join("\n", failures.Distinct().Take(40)));
    }

    /// <summary>Every id value in every path parameter (one value for all of them at once), then nonsense in each query parameter.</summary>
    private static IEnumerable<string> Targets(string template, string[] idValues, List<string> queryNames)
    {
        foreach (var value in idValues)
        {
            yield return Fill(template, value);
        }

        var plain = Fill(template, idValues[0]);
        foreach (var name in queryNames)
        {
            foreach (var value in QueryValues)
            {
                yield return $"{plain}?{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}";
            }
        }
    }

    private static string Fill(string template, string value)
    {
        var builder = new StringBuilder();
        var rest = template.AsSpan();
        while (rest.IndexOf('{') is var open and >= 0)
        {
            builder.Append(rest[..open]).Append(value);
            rest = rest[(rest.IndexOf('}') + 1)..];
        }

        return builder.Append(rest).ToString();
    }

    /// <summary>API.md: every error has <c>status</c>, <c>title</c>, <c>detail</c> and a machine <c>code</c>.</summary>
    private static bool HasContractFields(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject problem
                && problem["status"] is not null
                && new[] { "title", "detail", "code" }.All(f => problem[f] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 300 ? line : line[..300] + "...";
    }
}

public sealed class SqliteApiSweepTests : ApiSweepTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

/// <summary>PostgreSQL enforces column lengths and numeric ranges that SQLite ignores: input the validation misses fails here.</summary>
public sealed class PostgresApiSweepTests : ApiSweepTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

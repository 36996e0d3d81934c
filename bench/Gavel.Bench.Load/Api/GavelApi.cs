using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Gavel.Bench.Load.Api;

/// <summary>The few API calls the benchmark makes, written against docs API.md; one pooled HttpClient for every simulated user.</summary>
internal sealed class GavelApi(Uri baseUrl, int maxConnections) : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
    })
    {
        BaseAddress = baseUrl,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public Uri BaseUrl => baseUrl;

    public async Task RegisterAsync(string email, string password, string displayName, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/register", new { email, password, displayName }, ct);
        await ExpectAsync(response, HttpStatusCode.Created, "register", ct);
    }

    public async Task<string> LoginAsync(string email, string password, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password }, ct);
        var json = await ExpectAsync(response, HttpStatusCode.OK, "login", ct);
        return json.GetProperty("accessToken").GetString() ?? throw new BenchException("login answered without an accessToken.");
    }

    public async Task DepositAsync(string token, decimal amount, CancellationToken ct)
    {
        using var request = Authorized(HttpMethod.Post, "/api/wallet/deposits", token, new { amount });
        using var response = await http.SendAsync(request, ct);
        await ExpectAsync(response, HttpStatusCode.Created, "deposit", ct);
    }

    /// <summary>Any category will do; the first leaf of the tree keeps listings where a real seller would put them.</summary>
    public async Task<int> FirstCategoryIdAsync(CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri("/api/categories", UriKind.Relative), ct);
        var node = await ExpectAsync(response, HttpStatusCode.OK, "categories", ct);
        if (node.GetArrayLength() == 0)
        {
            throw new BenchException("GET /api/categories returned no categories.");
        }

        node = node[0];
        while (node.TryGetProperty("children", out var children) && children.GetArrayLength() > 0)
        {
            node = children[0];
        }

        return node.GetProperty("id").GetInt32();
    }

    public async Task<DateTimeOffset> ServerTimeAsync(CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri("/api/time", UriKind.Relative), ct);
        return (await ExpectAsync(response, HttpStatusCode.OK, "time", ct)).GetProperty("now").GetDateTimeOffset();
    }

    /// <summary>Creates a draft and publishes it; soft close 0 so bids never move the end.</summary>
    public async Task<Guid> CreateLiveAuctionAsync(string token, string title, int categoryId, decimal startingPrice, DateTimeOffset endsAt, CancellationToken ct)
    {
        using var create = Authorized(HttpMethod.Post, "/api/auctions", token, new
        {
            title,
            description = "A lot created by the Gavel load benchmark.",
            categoryId,
            startingPrice,
            endsAt,
            softCloseMinutes = 0,
        });
        using var created = await http.SendAsync(create, ct);
        var id = (await ExpectAsync(created, HttpStatusCode.Created, "create auction", ct)).GetProperty("id").GetGuid();

        using var publish = Authorized(HttpMethod.Post, $"/api/auctions/{id}/publish", token, null);
        using var published = await http.SendAsync(publish, ct);
        await ExpectAsync(published, HttpStatusCode.OK, "publish auction", ct);
        return id;
    }

    public async Task<JsonElement> GetAuctionAsync(Guid id, CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri($"/api/auctions/{id}", UriKind.Relative), ct);
        return await ExpectAsync(response, HttpStatusCode.OK, "get auction", ct);
    }

    /// <summary>The measured call: the caller reads the status and body itself.</summary>
    public Task<HttpResponseMessage> PlaceBidAsync(string token, Guid auctionId, decimal maxAmount, CancellationToken ct, string? idempotencyKey = null)
    {
        var request = Authorized(HttpMethod.Post, $"/api/auctions/{auctionId}/bids", token, null);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        request.Content = new StringContent(
            "{\"maxAmount\":" + maxAmount.ToString("0.00", CultureInfo.InvariantCulture) + "}", MediaTypeHeaderValue.Parse("application/json"));
        return http.SendAsync(request, ct);
    }

    public void Dispose() => http.Dispose();

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token, object? body)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    private static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, string what, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != expected)
        {
            throw new BenchException(
                $"{what}: {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)expected}: {Truncate(text)}");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string Truncate(string text) => text.Length <= 400 ? text : text[..400] + "...";
}

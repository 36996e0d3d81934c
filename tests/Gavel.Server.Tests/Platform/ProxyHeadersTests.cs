using System.Net;
using System.Net.Http.Json;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Tests.Platform;

/// <summary>
/// X-Forwarded-For is believed only from a configured proxy, so clients behind it get rate-limit buckets of their own
/// while a client talking to the server directly cannot name an address to escape its bucket.
/// </summary>
public sealed class ProxyHeadersTests
{
    private const string Proxy = "10.20.30.40";

    [Fact]
    public async Task BehindAKnownProxyEachForwardedClientHasItsOwnAuthRateLimit()
    {
        await using var app = await StartAsync(s => s["ForwardedHeaders:KnownProxies:0"] = Proxy);
        var viaProxy = From(app, Proxy);

        await UseUpLimitAsync(viaProxy, "203.0.113.7");
        await ProblemAssert.IsProblemAsync(await LoginAsync(viaProxy, "203.0.113.7"), HttpStatusCode.TooManyRequests, "rate_limited");

        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await LoginAsync(viaProxy, "198.51.100.9")).StatusCode);
    }

    [Fact]
    public async Task AKnownNetworkIsTrustedLikeAKnownProxy()
    {
        await using var app = await StartAsync(s => s["ForwardedHeaders:KnownNetworks:0"] = "10.20.30.0/24");
        var viaProxy = From(app, "10.20.30.99");

        await UseUpLimitAsync(viaProxy, "203.0.113.7");

        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await LoginAsync(viaProxy, "198.51.100.9")).StatusCode);
    }

    [Fact]
    public async Task WithoutConfigurationAForwardedForHeaderCannotEscapeTheLimit()
    {
        await using var app = await StartAsync();
        var client = From(app, "127.0.0.1");

        await UseUpLimitAsync(client, "203.0.113.7");

        await ProblemAssert.IsProblemAsync(await LoginAsync(client, "198.51.100.9"), HttpStatusCode.TooManyRequests, "rate_limited");
        await ProblemAssert.IsProblemAsync(await LoginAsync(client, forwardedFor: null), HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task AClientThatIsNotAKnownProxyCannotSpoofForwardedFor()
    {
        await using var app = await StartAsync(s => s["ForwardedHeaders:KnownProxies:0"] = Proxy);
        var direct = From(app, "127.0.0.1"); // the framework trusts loopback by default; Gavel trusts only what is configured

        await UseUpLimitAsync(direct, "203.0.113.7");

        await ProblemAssert.IsProblemAsync(await LoginAsync(direct, "198.51.100.9"), HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task AProxyThatIsNotAnAddressStopsStartUp()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(s => s["ForwardedHeaders:KnownProxies:0"] = "proxy.internal"));

        Assert.Contains("proxy.internal", failure.Message, StringComparison.Ordinal);
    }

    private static Task<GavelApp> StartAsync(Action<Dictionary<string, string?>>? configure = null) =>
        GavelApp.StartAsync(configure: s =>
        {
            s["RateLimits:AuthPermitLimit"] = "2";
            configure?.Invoke(s);
        });

    /// <summary>A client whose connection comes from <paramref name="address"/>, as the test server's handler lets a test set.</summary>
    private static HttpClient From(GavelApp app, string address) =>
        new(app.Server.CreateHandler(context => context.Connection.RemoteIpAddress = IPAddress.Parse(address))) { BaseAddress = app.Server.BaseAddress };

    private static async Task UseUpLimitAsync(HttpClient client, string forwardedFor)
    {
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, forwardedFor)).StatusCode);
        }
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string? forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new { email = "nobody@example.com", password = "not the password" }),
        };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}

using Gavel.Server.Tests.Infrastructure;
using StackExchange.Redis;

namespace Gavel.Server.Tests.MultiNode;

/// <summary>The Redis named by GAVEL_TEST_REDIS (default 127.0.0.1:6379); skips without one, fails under CI=true.</summary>
internal static class TestRedis
{
    /// <summary>
    /// A <see cref="TcpProxy"/> in front of the test Redis, to make it vanish under a running node as a Redis server that
    /// dies (<see cref="TcpProxy.Drop"/>); skips without a Redis, like <see cref="RequireAsync"/>.
    /// </summary>
    public static async Task<TcpProxy> ProxyAsync()
    {
        var endpoint = (await RequireAsync()).Split(',')[0];
        var colon = endpoint.LastIndexOf(':');
        return colon < 0
            ? new TcpProxy(endpoint, 6379)
            : new TcpProxy(endpoint[..colon], int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    public static async Task<string> RequireAsync()
    {
        var configuration = Environment.GetEnvironmentVariable("GAVEL_TEST_REDIS") is { Length: > 0 } value ? value : "127.0.0.1:6379";
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync($"{configuration},connectTimeout=2000,abortConnect=true");
            await redis.GetDatabase().PingAsync();
            return configuration;
        }
        catch (RedisConnectionException ex)
        {
            var reason = $"Redis is not reachable at {configuration} ({ex.Message}). Start redis-server as .ci/run does, or set GAVEL_TEST_REDIS.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("Under CI=true Redis is required: " + reason, ex);
            }

            Assert.Skip(reason);
            throw;
        }
    }
}

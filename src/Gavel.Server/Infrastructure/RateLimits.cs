using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Infrastructure;

public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Requests per client address per window on /api/auth.</summary>
    public int AuthPermitLimit { get; set; } = 10;

    public TimeSpan AuthWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Bids and buy-now requests per user per window.</summary>
    public int BidPermitLimit { get; set; } = 30;

    public TimeSpan BidWindow { get; set; } = TimeSpan.FromSeconds(10);
}

internal static class RateLimits
{
    public const string Auth = "auth";
    public const string Bids = "bids";

    public static IServiceCollection AddGavelRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section);
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(Auth, context => Window(
                "auth:" + context.Connection.RemoteIpAddress,
                context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value is var r ? (r.AuthPermitLimit, r.AuthWindow) : default));
            o.AddPolicy(Bids, context => Window(
                "bids:" + (context.User.FindFirst("sub")?.Value ?? context.Connection.RemoteIpAddress?.ToString()),
                context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value is var r ? (r.BidPermitLimit, r.BidWindow) : default));
            o.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = ErrorHandling.Problem(429, "rate_limited", "Too many requests.", $"Slow down and try again in {seconds} seconds."),
                });
            };
        });
        return services;
    }

    private static RateLimitPartition<string> Window(string key, (int Limit, TimeSpan Window) settings) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.Limit,
            Window = settings.Window,
            QueueLimit = 0,
        });
}

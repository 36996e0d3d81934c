using System.Threading.RateLimiting;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Components.Account;

/// <summary>
/// The sign-in and register forms share the API's auth limit (per client address), but only on POST:
/// showing the form is free. A rejected post goes back to the form with a message instead of JSON.
/// </summary>
internal sealed class WebAuthRateLimit(IOptions<RateLimitOptions> options) : IRateLimiterPolicy<string>
{
    public const string Name = "web-auth";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (context, _) =>
    {
        var request = context.HttpContext.Request;
        context.HttpContext.Response.Redirect($"{request.PathBase}{request.Path}?limited=1");
        return ValueTask.CompletedTask;
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        HttpMethods.IsPost(httpContext.Request.Method)
            ? RateLimitPartition.GetFixedWindowLimiter("web-auth:" + httpContext.Connection.RemoteIpAddress, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.Value.AuthPermitLimit,
                Window = options.Value.AuthWindow,
                QueueLimit = 0,
            })
            : RateLimitPartition.GetNoLimiter("web-auth:read");
}

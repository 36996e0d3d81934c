using System.Threading.RateLimiting;
using Gavel.Server.Infrastructure;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Components.Live;

/// <summary>
/// The API's bid limit (RateLimits:BidPermitLimit per BidWindow, per user) for bids and buy-now placed from the
/// interactive bid panel, which runs over the Blazor circuit and so never passes the rate-limiting middleware.
/// </summary>
internal sealed class WebBidLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<Guid> limiter = PartitionedRateLimiter.Create<Guid, Guid>(userId =>
        RateLimitPartition.GetFixedWindowLimiter(userId, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.BidPermitLimit,
            Window = options.Value.BidWindow,
            QueueLimit = 0,
        }));

    public bool TryAcquire(Guid userId)
    {
        using var lease = limiter.AttemptAcquire(userId);
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}

using System.Security.Claims;
using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Pricing.Lifecycle;
using Gavel.Server.Features.Pricing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Components.Pricing;

/// <summary>
/// The live forecast that auction pages show, computed once per auction and bid count and shared by every viewer on
/// this node for a few seconds. Each open page re-asks on every bid, so without sharing a bid on an auction with a
/// thousand viewers would run the forecast (three queries and the model) a thousand times with the same answer.
/// </summary>
internal sealed class PageForecasts(IServiceScopeFactory scopes, IMemoryCache cache, TimeProvider clock, IOptions<AuctionOptions> options)
{
    /// <summary>Short enough that time passing without bids, or a newly loaded model, shows soon.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    /// <summary>The forecast of a live or scheduled auction; null for any other status, where the page shows the result instead.</summary>
    public Task<EstimateView?> GetAsync(Guid auctionId, ClaimsPrincipal viewer, int bidCount, string status)
    {
        if (status is not ("live" or "scheduled"))
        {
            return Task.FromResult<EstimateView?>(null);
        }

        return cache.GetOrCreateAsync(("page-forecast", auctionId, bidCount, status), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            return ComputeAsync(auctionId, viewer);
        });
    }

    private async Task<EstimateView?> ComputeAsync(Guid auctionId, ClaimsPrincipal viewer)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        // The viewer only matters for drafts, which are never shared here: live and scheduled auctions are public.
        var result = await Forecast.HandleAsync(
            auctionId, viewer, services.GetRequiredService<GavelDbContext>(), services.GetRequiredService<IPriceEstimator>(), clock, options, default);
        return result.Result is Ok<EstimateResponse> { Value: { } answer } ? EstimateView.From(answer) : null;
    }
}

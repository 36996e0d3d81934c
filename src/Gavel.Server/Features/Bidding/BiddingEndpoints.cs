using Gavel.Core.Bidding;
using Gavel.Server.Infrastructure;

namespace Gavel.Server.Features.Bidding;

internal static class BiddingEndpoints
{
    public static IServiceCollection AddBidding(this IServiceCollection services)
    {
        services.AddOptions<BiddingOptions>().BindConfiguration(BiddingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BidderAliasCache>(_ => new BidderAliasCache());
        services.AddSingleton<BidBatcher>();
        services.AddScoped<BidWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<BidBatcher>());
        return services;
    }

    public static RouteGroupBuilder MapBidding(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auctions/{id:guid}").WithTags("Bidding");
        group.MapPost("/bids", PlaceBid.HandleAsync).WithName("PlaceBid")
            .RequireAuthorization().RequireRateLimiting(RateLimits.Bids).WithIdempotency("/api/me/bids");
        group.MapPost("/buy-now", BuyNow.HandleAsync).WithName("BuyNow")
            .RequireAuthorization().RequireRateLimiting(RateLimits.Bids).WithIdempotency("/api/auctions/{id}");
        group.MapGet("/bids", BidHistory.HandleAsync).WithName("GetBidHistory");
        app.MapGet("/api/me/bids", MyBids.HandleAsync).WithTags("Bidding").WithName("GetMyBids").RequireAuthorization();
        return group;
    }
}

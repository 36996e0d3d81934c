using Gavel.Core.Auctions;

namespace Gavel.Server.Features.Auctions;

internal static class AuctionsEndpoints
{
    public static IServiceCollection AddAuctions(this IServiceCollection services)
    {
        services.AddOptions<AuctionOptions>().BindConfiguration(AuctionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    public static void MapAuctions(this IEndpointRouteBuilder app)
    {
    }
}

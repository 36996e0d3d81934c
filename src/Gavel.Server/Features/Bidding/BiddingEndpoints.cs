namespace Gavel.Server.Features.Bidding;

internal static class BiddingEndpoints
{
    public static void MapBidding(this IEndpointRouteBuilder app)
    {
    }
}

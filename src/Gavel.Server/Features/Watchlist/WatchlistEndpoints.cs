namespace Gavel.Server.Features.Watchlist;

internal static class WatchlistEndpoints
{
    public static void MapWatchlist(this IEndpointRouteBuilder app)
    {
    }
}

namespace Gavel.Server.Workers;

internal static class AuctionCloserSetup
{
    public static IServiceCollection AddAuctionCloser(this IServiceCollection services) => services;
}

namespace Gavel.Server.Features.Wallet;

internal static class WalletEndpoints
{
    public static IServiceCollection AddWallet(this IServiceCollection services) => services;

    public static void MapWallet(this IEndpointRouteBuilder app)
    {
    }
}

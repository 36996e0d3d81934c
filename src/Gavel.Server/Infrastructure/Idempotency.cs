namespace Gavel.Server.Infrastructure;

internal static class Idempotency
{
    public static IServiceCollection AddIdempotency(this IServiceCollection services) => services;

    public static IApplicationBuilder UseIdempotency(this IApplicationBuilder app) => app;
}

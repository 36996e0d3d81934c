using Ganss.Xss;
using Gavel.Core.Auctions;

namespace Gavel.Server.Features.Auctions;

internal static class AuctionsEndpoints
{
    public static IServiceCollection AddAuctions(this IServiceCollection services)
    {
        services.AddOptions<AuctionOptions>().BindConfiguration(AuctionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IHtmlSanitizer>(_ => DescriptionSanitizer.Create());
        return services;
    }

    public static RouteGroupBuilder MapAuctions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auctions").WithTags("Auctions");
        group.MapGet("/", SearchAuctions.HandleAsync).WithName("SearchAuctions");
        group.MapGet("/{id:guid}", GetAuction.HandleAsync).WithName("GetAuction");
        group.MapPost("/", CreateAuction.HandleAsync).WithName("CreateAuction").RequireAuthorization();
        group.MapPatch("/{id:guid}", UpdateAuction.HandleAsync).WithName("UpdateAuction").RequireAuthorization();
        group.MapPost("/{id:guid}/publish", AuctionLifecycle.PublishAsync).WithName("PublishAuction").RequireAuthorization();
        group.MapPost("/{id:guid}/cancel", AuctionLifecycle.CancelAsync).WithName("CancelAuction").RequireAuthorization();
        app.MapGet("/api/me/auctions", MyListings.HandleAsync).WithTags("Auctions").WithName("GetMyListings").RequireAuthorization();
        return group;
    }
}

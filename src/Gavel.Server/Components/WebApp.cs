using Gavel.Server.Components.Account;
using Gavel.Server.Components.Live;
using Microsoft.AspNetCore.RateLimiting;

namespace Gavel.Server.Components;

/// <summary>The Blazor web app: server-rendered pages with interactive server components for the live parts.</summary>
internal static class WebApp
{
    public static IServiceCollection AddWebApp(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddWebAuth();
        services.Configure<RateLimiterOptions>(o => o.AddPolicy<string, WebAuthRateLimit>(WebAuthRateLimit.Name));
        services.AddSingleton<AuctionUpdateRelay>();
        return services;
    }

    public static WebApplication MapWebApp(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapSignOut();

        // The web app's catch-all page answers unknown browser addresses with an HTML 404; these prefixes
        // keep answering ProblemDetails (an empty 404 here is filled in by UseStatusCodePages); any
        // real route under them is more specific than these catch-alls and wins.
        foreach (var prefix in new[] { "/api", "/hubs", "/openapi", "/scalar", "/health" })
        {
            app.Map(prefix + "/{**path}", () => TypedResults.NotFound()).ExcludeFromDescription();
        }

        return app;
    }
}

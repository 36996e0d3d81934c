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

    /// <summary>
    /// A browser address that nothing answers gets the app's HTML 404 page. API prefixes are left alone so
    /// UseStatusCodePages (earlier in the pipeline) still writes ProblemDetails there; so is anything already written.
    /// </summary>
    public static IApplicationBuilder UseWebNotFoundPage(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            await next(context);
            var response = context.Response;
            if (response.StatusCode == StatusCodes.Status404NotFound && !response.HasStarted && response.ContentLength is null
                && string.IsNullOrEmpty(response.ContentType) && HttpMethods.IsGet(context.Request.Method) && IsWebPage(context.Request.Path))
            {
                var page = context.RequestServices.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider.GetFileInfo("not-found.html");
                response.ContentType = "text/html; charset=utf-8";
                await response.SendFileAsync(page, context.RequestAborted);
            }
        });

    public static WebApplication MapWebApp(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapSignOut();

        return app;
    }

    private static bool IsWebPage(PathString path) =>
        !(path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/openapi")
          || path.StartsWithSegments("/scalar") || path.StartsWithSegments("/health") || path.StartsWithSegments("/_framework")
          || path.StartsWithSegments("/_blazor"));
}

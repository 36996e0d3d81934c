using Gavel.Server.Components.Account;
using Gavel.Server.Components.Live;
using Gavel.Server.Components.Pricing;
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
        services.AddSingleton<WebBidLimiter>();
        services.AddSingleton<PageForecasts>();
        return services;
    }

    /// <summary>
    /// Browser addresses get HTML error pages: a 404 that nothing answered, and a 500 for a bug that escaped the
    /// layout's error boundary (logged; the person sees no details). API prefixes are left alone, so the
    /// exception handler and UseStatusCodePages around this still write ProblemDetails there.
    /// </summary>
    public static IApplicationBuilder UseWebErrorPages(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var response = context.Response;
            if (!IsWebPage(context.Request.Path))
            {
                await next(context);
                return;
            }

            try
            {
                await next(context);
            }
            catch (Exception exception) when (!response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebApp))
                    .LogError(exception, "Unhandled error on page {Method} {Path}", context.Request.Method, context.Request.Path);
                response.Clear();
                response.StatusCode = StatusCodes.Status500InternalServerError;
                await SendPageAsync(context, "error.html");
                return;
            }

            if (response.StatusCode == StatusCodes.Status404NotFound && !response.HasStarted && response.ContentLength is null
                && string.IsNullOrEmpty(response.ContentType) && HttpMethods.IsGet(context.Request.Method))
            {
                await SendPageAsync(context, "not-found.html");
            }
        });

    private static Task SendPageAsync(HttpContext context, string file)
    {
        var page = context.RequestServices.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider.GetFileInfo(file);
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.SendFileAsync(page, context.RequestAborted);
    }

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

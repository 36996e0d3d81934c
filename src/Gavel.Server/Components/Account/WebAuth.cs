using System.Security.Claims;
using Gavel.Core.Accounts;
using Gavel.Server.Features.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Gavel.Server.Components.Account;

/// <summary>
/// The browser signs in with an HttpOnly cookie; API clients keep using bearer tokens. A policy scheme picks
/// one per request: /api and /hubs, and any request with an Authorization header, use bearer (so the API
/// never answers a cookie and never redirects to a sign-in page); everything else uses the cookie.
/// </summary>
internal static class WebAuth
{
    public const string Scheme = "Gavel";
    public const string Cookie = CookieAuthenticationDefaults.AuthenticationScheme;

    public static IServiceCollection AddWebAuth(this IServiceCollection services)
    {
        services.Configure<AuthenticationOptions>(o => o.DefaultScheme = Scheme);
        services.AddAuthentication()
            .AddPolicyScheme(Scheme, "Bearer for the API, cookie for the web app", o => o.ForwardDefaultSelector = SelectScheme)
            .AddCookie(Cookie, o =>
            {
                o.Cookie.Name = "gavel.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/account/signin";
                o.AccessDeniedPath = "/account/denied";
                o.ExpireTimeSpan = TimeSpan.FromDays(14);
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = RejectSuspendedAsync;
            });
        return services;
    }

    public static string SelectScheme(HttpContext context)
    {
        var path = context.Request.Path;
        return context.Request.Headers.Authorization.Count > 0 || path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs")
            ? JwtBearerDefaults.AuthenticationScheme
            : Cookie;
    }

    /// <summary>The claims match the bearer token's (sub, name, role), so the same helpers read both.</summary>
    public static ClaimsPrincipal PrincipalFor(User user)
    {
        var claims = new List<Claim> { new("sub", user.Id.ToString()), new("name", user.DisplayName), new("email", user.Email) };
        claims.AddRange(user.Roles.Select(role => new Claim("role", role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Cookie, "name", "role"));
    }

    /// <summary>A suspended user's cookie stops working at once, like their bearer token.</summary>
    private static async Task RejectSuspendedAsync(CookieValidatePrincipalContext context)
    {
        var suspended = context.HttpContext.RequestServices.GetRequiredService<SuspendedUsers>();
        if (!Guid.TryParse(context.Principal?.FindFirst("sub")?.Value, out var userId)
            || await suspended.IsSuspendedAsync(context.HttpContext.RequestServices, userId, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Cookie);
        }
    }
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Gavel.Server.Components.Account;

internal static class SignOutEndpoint
{
    /// <summary>A form POST with the antiforgery token (a GET could be triggered by any page that links here).</summary>
    public static void MapSignOut(this IEndpointRouteBuilder app) =>
        app.MapPost("/account/signout", async (HttpContext context, [FromForm] string? returnUrl) =>
        {
            await context.SignOutAsync(WebAuth.Cookie);
            return TypedResults.LocalRedirect(Shared.LocalUrl.Or(returnUrl, "/"));
        }).ExcludeFromDescription();
}

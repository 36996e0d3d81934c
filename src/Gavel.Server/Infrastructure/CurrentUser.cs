using System.Security.Claims;

namespace Gavel.Server.Infrastructure;

internal static class CurrentUser
{
    /// <summary>The signed-in user's id, from the access token's <c>sub</c> claim. Only call behind RequireAuthorization.</summary>
    public static Guid GetUserId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue("sub") ?? throw new InvalidOperationException("No sub claim on an authenticated user."));

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole("admin");
}

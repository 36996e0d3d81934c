using System.Security.Claims;
using Gavel.Core.Accounts;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Gavel.Server.Features.Accounts;
using Gavel.Server.Features.Live;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Features.Admin;

internal static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization("admin")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        var users = group.MapGroup("/users");
        users.MapGet("", ListUsersAsync).WithName("ListUsers").ProducesValidationProblem();
        users.MapPost("/{id:guid}/suspend", SuspendUserAsync).WithName("SuspendUser")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        users.MapPost("/{id:guid}/restore", RestoreUserAsync).WithName("RestoreUser").ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Ok<Paged<AdminUserResponse>>> ListUsersAsync([AsParameters] UserSearch search, GavelDbContext db, CancellationToken ct)
    {
        var paging = search.ToPageRequest();
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search.Q))
        {
            // Both columns are lower-cased by .NET when written (User.Normalize, User.NormalizeDisplayName), so the term is
            // too and the database only compares: SQLite's lower() would leave "É" as it is.
            var term = User.NormalizeDisplayName(search.Q.Trim());
            query = query.Where(u => u.NormalizedEmail.Contains(term) || u.NormalizedDisplayName.Contains(term));
        }

        var total = await query.CountAsync(ct);
        var users = await query
            .OrderByDescending(u => u.CreatedAt).ThenBy(u => u.Id)
            .Skip(paging.Skip).Take(paging.Size)
            .ToListAsync(ct);
        return TypedResults.Ok(new Paged<AdminUserResponse>([.. users.Select(AdminUserResponse.From)], paging.PageNumber, paging.Size, total));
    }

    /// <summary>Suspends the user at once: refresh tokens are revoked, the access token stops working on the next request and open hub connections end.</summary>
    public static async Task<Results<Ok<AdminUserResponse>, ProblemHttpResult>> SuspendUserAsync(
        Guid id, ClaimsPrincipal principal, GavelDbContext db, SuspendedUsers suspendedUsers, LiveFeed feed, TimeProvider clock, CancellationToken ct)
    {
        if (id == principal.GetUserId())
        {
            return TypedResults.Problem(ErrorHandling.Problem(
                StatusCodes.Status409Conflict,
                "cannot_suspend_self",
                "You cannot suspend yourself.",
                "An admin suspending their own account would lock themself out; ask another admin if it is really meant."));
        }

        var user = await UserSuspension.SuspendAsync(db, id, clock.GetUtcNow(), ct);
        if (user is null)
        {
            return UserNotFound(id);
        }

        suspendedUsers.Forget(id);
        feed.Publish(new UserSuspended(id));
        return TypedResults.Ok(AdminUserResponse.From(user));
    }

    public static async Task<Results<Ok<AdminUserResponse>, ProblemHttpResult>> RestoreUserAsync(
        Guid id, GavelDbContext db, SuspendedUsers suspendedUsers, CancellationToken ct)
    {
        var user = await UserSuspension.RestoreAsync(db, id, ct);
        if (user is null)
        {
            return UserNotFound(id);
        }

        suspendedUsers.Forget(id);
        return TypedResults.Ok(AdminUserResponse.From(user));
    }

    private static ProblemHttpResult UserNotFound(Guid id) => TypedResults.Problem(ErrorHandling.Problem(
        StatusCodes.Status404NotFound, "user_not_found", "There is no such user.", $"No user has the id {id}; list users to find the right one."));
}

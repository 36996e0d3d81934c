using System.Security.Claims;
using Gavel.Core.Accounts;
using Gavel.Core.Data;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Features.Accounts;

internal static partial class AccountsEndpoints
{
    public static RouteGroupBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Accounts");

        var auth = group.MapGroup("/auth").RequireRateLimiting(RateLimits.Auth).ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/register", RegisterAsync).WithName("Register").ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        auth.MapPost("/login", LoginAsync).WithName("Login").ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapPost("/refresh", RefreshAsync).WithName("RefreshToken").ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized);
        // Anonymous on purpose: the refresh token is the credential, and a client whose access token has
        // expired must still be able to end its session.
        auth.MapPost("/logout", LogoutAsync).WithName("Logout").ProducesValidationProblem();

        group.MapGet("/me", GetMeAsync).WithName("GetCurrentUser").RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized);
        return group;
    }

    public static async Task<Results<Created<UserResponse>, ProblemHttpResult>> RegisterAsync(
        RegisterRequest request, GavelDbContext db, PasswordHasher hasher, TimeProvider clock, CancellationToken ct)
    {
        var user = await UserRegistration.TryRegisterAsync(db, hasher, clock, new NewUser(request.Email, request.Password, request.DisplayName), ct);
        return user is null
            ? TypedResults.Problem(ErrorHandling.Problem(
                StatusCodes.Status409Conflict,
                "email_taken",
                "The email is already registered.",
                "An account with this email exists. Sign in, or register with another email."))
            : TypedResults.Created((string?)null, UserResponse.From(user));
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetMeAsync(ClaimsPrincipal principal, GavelDbContext db, CancellationToken ct)
    {
        var userId = principal.GetUserId();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);

        // The bearer handler already rejects tokens of users that no longer exist; this covers a deletion in between.
        return user is null
            ? TypedResults.Problem(ErrorHandling.Problem(
                StatusCodes.Status401Unauthorized, "unauthorized", "The account no longer exists.", "Sign in with another account."))
            : TypedResults.Ok(UserResponse.From(user));
    }
}

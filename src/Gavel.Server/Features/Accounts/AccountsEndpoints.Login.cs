using Gavel.Core.Accounts;
using Gavel.Core.Data;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Accounts;

internal static partial class AccountsEndpoints
{
    /// <summary>
    /// Unknown email, wrong password, locked-out and suspended accounts all get the same 401, after the same
    /// amount of hashing, so sign-in cannot be used to learn which emails have accounts.
    /// </summary>
    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, GavelDbContext db, PasswordHasher hasher, TokenIssuer issuer, IOptions<AuthOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var tokens = await SignInAsync(
            db, hasher, options.Value, clock, request.Email, request.Password,
            (user, now) => SessionTokens.Issue(db, issuer, options.Value, user, familyId: Guid.CreateVersion7(), now),
            ct);
        return tokens is null ? InvalidCredentials() : TypedResults.Ok(tokens);
    }

    /// <summary>
    /// The sign-in rules shared by the API and the web app's cookie sign-in: checks the password, counts
    /// failures towards the lockout and, on success, runs <paramref name="onSuccess"/> inside the write
    /// transaction. Null means "invalid credentials", whatever the reason.
    /// </summary>
    public static async Task<T?> SignInAsync<T>(
        GavelDbContext db, PasswordHasher hasher, AuthOptions options, TimeProvider clock, string email, string password,
        Func<User, DateTimeOffset, T> onSuccess, CancellationToken ct)
        where T : class
    {
        var normalized = User.Normalize(email);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
        var now = clock.GetUtcNow();
        if (user is null || user.IsLockedOut(now))
        {
            hasher.VerifyAgainstDummy(password);
            return null;
        }

        // Hashing stays outside the write transaction: on SQLite it would hold the only writer for its whole duration.
        if (!hasher.Verify(password, user.PasswordHash))
        {
            await db.WriteAsync(
                async ct =>
                {
                    var locked = await db.LockUserAsync(user.Id, ct);
                    locked?.RecordFailedLogin(now, options.MaxFailedLogins, options.LockoutDuration);
                    return locked;
                },
                ct);
            return null;
        }

        if (user.IsSuspended)
        {
            return null;
        }

        var newHash = hasher.NeedsRehash(user.PasswordHash) ? hasher.Hash(password) : null;
        return await db.WriteAsync(
            async ct =>
            {
                // Checked again under the lock: the account may have been locked or suspended since it was read.
                var locked = await db.LockUserAsync(user.Id, ct);
                if (locked is null || locked.IsSuspended || locked.IsLockedOut(now))
                {
                    return null;
                }

                locked.RecordSuccessfulLogin();
                if (newHash is not null)
                {
                    locked.PasswordHash = newHash;
                }

                return onSuccess(locked, now);
            },
            ct);
    }

    private static ProblemHttpResult InvalidCredentials() => TypedResults.Problem(ErrorHandling.Problem(
        StatusCodes.Status401Unauthorized,
        "invalid_credentials",
        "The email or password is wrong.",
        "Check the email and password and try again. After repeated failures sign-in is paused for a while."));
}

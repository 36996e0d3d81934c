using Gavel.Core.Data;

namespace Gavel.Core.Accounts;

/// <summary>Suspends and restores accounts. Shared by the admin API and the CLI.</summary>
public static class UserSuspension
{
    /// <summary>
    /// Suspends the user and revokes every refresh token, so no session can be renewed. Returns null for an
    /// unknown id. Access tokens already issued are refused by the server's suspension check.
    /// </summary>
    public static Task<User?> SuspendAsync(GavelDbContext db, Guid userId, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(
            async ct =>
            {
                var user = await db.LockUserAsync(userId, ct);
                if (user is not null)
                {
                    user.IsSuspended = true;
                    await db.RevokeAllForUserAsync(userId, now, ct);
                }

                return user;
            },
            ct);

    /// <summary>Lifts a suspension; the user signs in again to get new tokens. Returns null for an unknown id.</summary>
    public static Task<User?> RestoreAsync(GavelDbContext db, Guid userId, CancellationToken ct) =>
        db.WriteAsync(
            async ct =>
            {
                var user = await db.LockUserAsync(userId, ct);
                user?.IsSuspended = false;
                return user;
            },
            ct);
}

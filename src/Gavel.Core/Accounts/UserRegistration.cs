using Gavel.Core.Data;
using Gavel.Core.Wallet;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Core.Accounts;

/// <summary>The details of a new account, already checked against <see cref="AccountRules"/>.</summary>
public sealed record NewUser(string Email, string Password, string DisplayName, bool IsAdmin = false);

/// <summary>Creates users with their wallet. Shared by registration, the bootstrap admin and the CLI.</summary>
public static class UserRegistration
{
    /// <summary>
    /// Creates the user and its wallet in one transaction, or returns null when the email is taken
    /// (also when another request took it at the same moment: the unique index decides).
    /// </summary>
    public static async Task<User?> TryRegisterAsync(GavelDbContext db, PasswordHasher hasher, TimeProvider clock, NewUser newUser, CancellationToken ct)
    {
        var email = newUser.Email.Trim();
        var normalized = User.Normalize(email);
        if (await EmailTakenAsync(db, normalized, ct))
        {
            return null;
        }

        // Hashing is slow on purpose; do it before the write transaction so it never holds the writer.
        var hash = hasher.Hash(newUser.Password);
        try
        {
            return await db.WriteAsync(
                _ =>
                {
                    var user = new User
                    {
                        Email = email,
                        NormalizedEmail = normalized,
                        DisplayName = newUser.DisplayName.Trim(),
                        PasswordHash = hash,
                        IsAdmin = newUser.IsAdmin,
                        CreatedAt = clock.GetUtcNow(),
                    };
                    db.Users.Add(user);
                    db.Wallets.Add(new UserWallet { UserId = user.Id });
                    return Task.FromResult(user);
                },
                ct);
        }
        catch (DbUpdateException)
        {
            if (await EmailTakenAsync(db, normalized, ct))
            {
                return null;
            }

            throw;
        }
    }

    /// <summary>
    /// Creates the admin when no user has the email. An existing user with that email is left as it is and
    /// reported, never promoted: anyone could have registered the address first.
    /// </summary>
    public static async Task<BootstrapOutcome> EnsureAdminAsync(GavelDbContext db, PasswordHasher hasher, TimeProvider clock, string email, string password, CancellationToken ct)
    {
        if (await TryRegisterAsync(db, hasher, clock, new NewUser(email, password, "Administrator", IsAdmin: true), ct) is not null)
        {
            return BootstrapOutcome.Created;
        }

        var normalized = User.Normalize(email);
        var isAdmin = await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.IsAdmin).FirstAsync(ct);
        return isAdmin ? BootstrapOutcome.AlreadyAdmin : BootstrapOutcome.ExistsNotAdmin;
    }

    private static Task<bool> EmailTakenAsync(GavelDbContext db, string normalizedEmail, CancellationToken ct) =>
        db.Users.AnyAsync(u => u.NormalizedEmail == normalizedEmail, ct);
}

public enum BootstrapOutcome
{
    Created,
    AlreadyAdmin,
    ExistsNotAdmin,
}

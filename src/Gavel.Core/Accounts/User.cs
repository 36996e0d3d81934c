namespace Gavel.Core.Accounts;

public sealed class User
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Email { get; set; }

    /// <summary>Lower-cased, trimmed email: the unique key for sign-in.</summary>
    public required string NormalizedEmail { get; set; }

    public required string DisplayName
    {
        get;
        set
        {
            field = value;
            NormalizedDisplayName = NormalizeDisplayName(value);
        }
    }

    /// <summary>
    /// The display name lower-cased by .NET, kept by <see cref="DisplayName"/>'s setter: what admin search matches. SQLite's
    /// lower() knows only ASCII, so the database's own lower-casing cannot be trusted with "Émile"; this column gives both
    /// providers the same answer. Empty only for a row written before the column existed, until the next migrate fills it.
    /// </summary>
    public string NormalizedDisplayName { get; private set; } = "";

    public required string PasswordHash { get; set; }

    public bool IsAdmin { get; set; }

    public bool IsSuspended { get; set; }

    public int FailedLoginCount { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public IReadOnlyList<string> Roles => IsAdmin ? [AccountRoles.User, AccountRoles.Admin] : [AccountRoles.User];

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    /// <summary>Lower-cased in every alphabet (invariant culture), for matching a search term normalised the same way.</summary>
    public static string NormalizeDisplayName(string displayName) => displayName.ToLowerInvariant();

    public bool IsLockedOut(DateTimeOffset now) => LockedUntil is { } until && until > now;

    /// <summary>Counts a failed sign-in and locks the account once too many follow each other.</summary>
    public void RecordFailedLogin(DateTimeOffset now, int maxAttempts, TimeSpan lockout)
    {
        FailedLoginCount++;
        if (FailedLoginCount >= maxAttempts)
        {
            LockedUntil = now + lockout;
            FailedLoginCount = 0;
        }
    }

    public void RecordSuccessfulLogin()
    {
        FailedLoginCount = 0;
        LockedUntil = null;
    }
}

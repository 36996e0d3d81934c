using System.ComponentModel.DataAnnotations;

namespace Gavel.Server.Features.Accounts;

public sealed class AuthOptions : IValidatableObject
{
    public const string Section = "Auth";

    public string Issuer { get; set; } = "gavel";

    public string Audience { get; set; } = "gavel";

    /// <summary>Base64 HMAC-SHA256 key of at least 32 bytes. Unset in Development: one is generated into <see cref="KeyFile"/>.</summary>
    public string? SigningKey { get; set; }

    public string KeyFile { get; set; } = "data/jwt-signing.key";

    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:05:00", "90.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    [Range(1, 100)]
    public int MaxFailedLogins { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>PBKDF2-SHA256 iterations; OWASP's 600,000 by default. Tests lower it to stay fast.</summary>
    [Range(1, 10_000_000)]
    public int PasswordHashIterations { get; set; } = Core.Accounts.PasswordHasher.OwaspIterations;

    /// <summary>When both are set, this admin is created at start-up if no user has the email.</summary>
    public string? BootstrapAdminEmail { get; set; }

    public string? BootstrapAdminPassword { get; set; }

    /// <summary>Fails start-up on a half-set or weak bootstrap admin rather than silently skipping it.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var hasEmail = !string.IsNullOrWhiteSpace(BootstrapAdminEmail);
        var hasPassword = !string.IsNullOrEmpty(BootstrapAdminPassword);
        if (hasEmail != hasPassword)
        {
            yield return new ValidationResult(
                "Set both Auth:BootstrapAdminEmail and Auth:BootstrapAdminPassword, or neither.",
                [nameof(BootstrapAdminEmail), nameof(BootstrapAdminPassword)]);
        }

        if (hasEmail && Core.Accounts.AccountRules.CheckEmail(BootstrapAdminEmail!) is { } emailError)
        {
            yield return new ValidationResult($"Auth:BootstrapAdminEmail: {emailError}", [nameof(BootstrapAdminEmail)]);
        }

        if (hasPassword && Core.Accounts.AccountRules.CheckPassword(BootstrapAdminPassword!) is { } passwordError)
        {
            yield return new ValidationResult($"Auth:BootstrapAdminPassword: {passwordError}", [nameof(BootstrapAdminPassword)]);
        }
    }
}

namespace Gavel.Core.Accounts;

/// <summary>
/// What a valid email, password and display name are. The API's validation attributes, the bootstrap admin
/// and the CLI all ask here, so the rules and their messages are written once.
/// </summary>
public static class AccountRules
{
    public const int MaxEmailLength = 254;
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 128;
    public const int MaxDisplayNameLength = 60;

    /// <summary>Null when <paramref name="email"/> (trimmed) looks like a deliverable address, else why not.</summary>
    public static string? CheckEmail(string email)
    {
        var value = email.Trim();
        if (value.Length > MaxEmailLength)
        {
            return $"Email must be at most {MaxEmailLength} characters long.";
        }

        var at = value.LastIndexOf('@');
        var local = at > 0 ? value[..at] : string.Empty;
        var domain = at > 0 ? value[(at + 1)..] : string.Empty;
        var valid = local.Length is > 0 and <= 64
            && !local.Contains('@', StringComparison.Ordinal)
            && domain.Contains('.', StringComparison.Ordinal)
            && domain.Split('.').All(label => label.Length is > 0 and <= 63 && !label.StartsWith('-') && !label.EndsWith('-'))
            && !value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '(' or ')' or ',' or ';' or ':' or '\\' or '"' or '[' or ']');
        if (!valid)
        {
            return "Email must be an address like name@example.com.";
        }

        // RFC 6761: .invalid never resolves, so no such address receives mail. Gavel reserves it for users who must
        // never sign in (imported price history, found again by address on every import): nobody may claim one.
        return domain.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase)
            ? "Email must be an address that can receive mail; addresses under .invalid are reserved."
            : null;
    }

    public static string? CheckPassword(string password) =>
        password.Length is < MinPasswordLength or > MaxPasswordLength
            ? $"Password must be between {MinPasswordLength} and {MaxPasswordLength} characters long."
            : null;

    /// <summary>Null when <paramref name="displayName"/>, trimmed, is 1 to 60 printable characters.</summary>
    public static string? CheckDisplayName(string displayName)
    {
        var value = displayName.Trim();
        if (value.Length is 0 or > MaxDisplayNameLength)
        {
            return $"Display name must be between 1 and {MaxDisplayNameLength} characters long (leading and trailing spaces do not count).";
        }

        return value.Any(char.IsControl) ? "Display name cannot contain control characters." : null;
    }
}

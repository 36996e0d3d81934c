using System.ComponentModel.DataAnnotations;
using Gavel.Core.Accounts;

namespace Gavel.Server.Features.Accounts;

// Request records are public only because the .NET 10.0 validation generator skips internal types, and
// AddValidation() would then silently not validate them (dotnet/aspnetcore#64435). Make them internal once
// the generator accepts internal types.
public sealed record RegisterRequest(
    [Required, AccountEmail] string Email,
    [Required, AccountPassword] string Password,
    [Required, AccountDisplayName] string DisplayName);

/// <summary>Sign-in checks only lengths: telling a caller that an email is malformed would say nothing useful, and a bound keeps hashing cheap.</summary>
public sealed record LoginRequest(
    [Required, StringLength(AccountRules.MaxEmailLength)] string Email,
    [Required, StringLength(AccountRules.MaxPasswordLength)] string Password);

public sealed record RefreshRequest([Required, StringLength(SessionTokens.MaxRefreshTokenLength)] string RefreshToken);

public sealed record LogoutRequest([Required, StringLength(SessionTokens.MaxRefreshTokenLength)] string RefreshToken);

/// <summary>A user as the user sees themself. Never carries the password hash or lockout state.</summary>
internal sealed record UserResponse(Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt)
{
    public static UserResponse From(User user) => new(user.Id, user.Email, user.DisplayName, user.Roles, user.CreatedAt);
}

/// <summary><paramref name="ExpiresAt"/> is when the access token expires; refresh before then.</summary>
internal sealed record TokenResponse(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt, DateTimeOffset RefreshTokenExpiresAt, string TokenType = "Bearer");

using System.Security.Claims;
using System.Security.Cryptography;
using Gavel.Core.Accounts;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gavel.Server.Features.Accounts;

/// <summary>Issues short-lived access tokens (JWT, HMAC-SHA256) and opaque refresh tokens.</summary>
internal sealed class TokenIssuer(IOptions<AuthOptions> options, SigningKey key, TimeProvider clock)
{
    private readonly JsonWebTokenHandler handler = new();

    public (string Token, DateTimeOffset ExpiresAt) CreateAccessToken(User user)
    {
        var now = clock.GetUtcNow();
        var expires = now + options.Value.AccessTokenLifetime;
        var claims = new List<Claim>
        {
            new("sub", user.Id.ToString()),
            new("name", user.DisplayName),
            new("jti", Guid.NewGuid().ToString("N")),
        };
        claims.AddRange(user.Roles.Select(r => new Claim("role", r)));
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    /// <summary>A new random refresh token and the SHA-256 hash that is all the database keeps of it.</summary>
    public static (string Token, string Hash) CreateRefreshToken()
    {
        var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return (token, HashRefreshToken(token));
    }

    public static string HashRefreshToken(string token) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}

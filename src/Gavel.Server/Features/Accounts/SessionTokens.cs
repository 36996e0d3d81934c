using Gavel.Core.Accounts;
using Gavel.Core.Data;

namespace Gavel.Server.Features.Accounts;

internal static class SessionTokens
{
    /// <summary>Issued refresh tokens are 43 characters; anything far longer is not one of ours.</summary>
    public const int MaxRefreshTokenLength = 200;

    /// <summary>
    /// A new access token and a refresh token in <paramref name="familyId"/>; the refresh token's hash is added to
    /// <paramref name="db"/> for the caller's transaction to save. The refresh lifetime slides with each rotation.
    /// </summary>
    public static TokenResponse Issue(GavelDbContext db, TokenIssuer issuer, AuthOptions options, User user, Guid familyId, DateTimeOffset now)
    {
        var (accessToken, expiresAt) = issuer.CreateAccessToken(user);
        var (refreshToken, hash) = TokenIssuer.CreateRefreshToken();
        var refreshExpiresAt = now + options.RefreshTokenLifetime;
        db.RefreshTokens.Add(new RefreshToken
        {
            UserId = user.Id,
            TokenHash = hash,
            FamilyId = familyId,
            CreatedAt = now,
            ExpiresAt = refreshExpiresAt,
        });
        return new TokenResponse(accessToken, refreshToken, expiresAt, refreshExpiresAt);
    }
}

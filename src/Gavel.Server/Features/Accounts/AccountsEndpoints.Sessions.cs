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
    /// Rotates the refresh token. A token works once; presenting a used one again means two parties hold it,
    /// so the whole session (the token family) is revoked and both must sign in again.
    /// </summary>
    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request, GavelDbContext db, TokenIssuer issuer, IOptions<AuthOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var hash = TokenIssuer.HashRefreshToken(request.RefreshToken);
        var now = clock.GetUtcNow();
        var tokens = await db.WriteAsync(
            async ct =>
            {
                // Claiming is one guarded UPDATE, so of two requests racing with the same token exactly one wins.
                var claimed = await db.RefreshTokens
                    .Where(t => t.TokenHash == hash && t.UsedAt == null && t.RevokedAt == null && t.ExpiresAt > now)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct);
                var token = await db.RefreshTokens.AsNoTracking()
                    .Where(t => t.TokenHash == hash)
                    .Select(t => new { t.UserId, t.FamilyId, t.UsedAt })
                    .FirstOrDefaultAsync(ct);
                if (token is null)
                {
                    return null;
                }

                if (claimed == 0)
                {
                    if (token.UsedAt is not null)
                    {
                        await db.RevokeFamilyAsync(token.FamilyId, now, ct);
                    }

                    return null;
                }

                var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == token.UserId, ct);
                if (user is null || user.IsSuspended)
                {
                    await db.RevokeFamilyAsync(token.FamilyId, now, ct);
                    return null;
                }

                return SessionTokens.Issue(db, issuer, options.Value, user, token.FamilyId, now);
            },
            ct);
        return tokens is null
            ? TypedResults.Problem(ErrorHandling.Problem(
                StatusCodes.Status401Unauthorized,
                "invalid_refresh_token",
                "The refresh token is not valid.",
                "It is unknown, expired, revoked or already used. Sign in again."))
            : TypedResults.Ok(tokens);
    }

    /// <summary>Ends the session the token belongs to. Always 204, so the answer says nothing about the token.</summary>
    public static async Task<NoContent> LogoutAsync(LogoutRequest request, GavelDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var hash = TokenIssuer.HashRefreshToken(request.RefreshToken);
        var familyId = await db.RefreshTokens.Where(t => t.TokenHash == hash).Select(t => (Guid?)t.FamilyId).FirstOrDefaultAsync(ct);
        if (familyId is { } family)
        {
            var now = clock.GetUtcNow();
            await db.WriteAsync(ct => db.RevokeFamilyAsync(family, now, ct), ct);
        }

        return TypedResults.NoContent();
    }
}

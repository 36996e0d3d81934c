using Gavel.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Core.Accounts;

/// <summary>Set-based revocation: no entity is needed, and revoking twice changes nothing.</summary>
public static class RefreshTokenRevocation
{
    /// <summary>Revokes every token of one sign-in session (a login and all its rotations).</summary>
    public static Task<int> RevokeFamilyAsync(this GavelDbContext db, Guid familyId, DateTimeOffset now, CancellationToken ct) =>
        db.RefreshTokens
            .Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);

    /// <summary>Revokes all of a user's sessions, for example when the user is suspended.</summary>
    public static Task<int> RevokeAllForUserAsync(this GavelDbContext db, Guid userId, DateTimeOffset now, CancellationToken ct) =>
        db.RefreshTokens
            .Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
}

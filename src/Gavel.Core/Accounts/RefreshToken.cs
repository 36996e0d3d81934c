namespace Gavel.Core.Accounts;

/// <summary>
/// A refresh token, stored only as a SHA-256 hash. Each use rotates it: the old one is marked used and
/// a new one joins the same family. Presenting a used token again revokes the whole family, since it
/// means the token was stolen or replayed.
/// </summary>
public sealed class RefreshToken
{
    public long Id { get; init; }

    public required Guid UserId { get; init; }

    public required string TokenHash { get; init; }

    public required Guid FamilyId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? UsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsActive(DateTimeOffset now) => UsedAt is null && RevokedAt is null && ExpiresAt > now;
}

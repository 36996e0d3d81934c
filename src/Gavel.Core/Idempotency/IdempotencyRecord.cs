namespace Gavel.Core.Idempotency;

/// <summary>
/// The first response to a request carrying an Idempotency-Key, kept so a retry gets the same answer
/// without doing the work again. A record with no response yet marks a request still in flight, or one whose
/// process died before it answered (docs/adr/0013-idempotency-recovery-point.md).
/// </summary>
public sealed class IdempotencyRecord
{
    public required Guid UserId { get; init; }

    public required string Key { get; init; }

    /// <summary>SHA-256 of method, path and body: the same key with another request is refused.</summary>
    public required string RequestHash { get; init; }

    /// <summary>
    /// When the key was claimed, or last taken over after its claim was abandoned. It is also the claim's fencing token:
    /// every later write of the request that claimed it (marking it applied, storing the answer, releasing it) is
    /// conditional on it, so a request whose claim was taken over can no longer apply or answer for the key.
    /// </summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// Set in the same transaction as the request's change, so it commits or rolls back with it: set, the change is
    /// done and a retry must not do it again even if no answer was stored.
    /// </summary>
    public DateTimeOffset? AppliedAt { get; set; }

    public int? StatusCode { get; set; }

    public string? ContentType { get; set; }

    public byte[]? ResponseBody { get; set; }

    public string? Location { get; set; }
}

namespace Gavel.Core.Idempotency;

/// <summary>
/// The first response to a request carrying an Idempotency-Key, kept so a retry gets the same answer
/// without doing the work again. A record with no response yet marks a request still in flight.
/// </summary>
public sealed class IdempotencyRecord
{
    public required Guid UserId { get; init; }

    public required string Key { get; init; }

    /// <summary>SHA-256 of method, path and body: the same key with another request is refused.</summary>
    public required string RequestHash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public int? StatusCode { get; set; }

    public string? ContentType { get; set; }

    public byte[]? ResponseBody { get; set; }

    public string? Location { get; set; }
}

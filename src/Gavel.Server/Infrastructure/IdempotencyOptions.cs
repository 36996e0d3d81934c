using System.ComponentModel.DataAnnotations;

namespace Gavel.Server.Infrastructure;

/// <summary>How long Idempotency-Key records live (docs/adr/0013-idempotency-recovery-point.md).</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>
    /// How long a claimed key with no answer counts as still running. Past it the claim is abandoned (its process died or
    /// lost the database before answering): a retry takes the key over and runs, or answers 409 idempotency_applied when the
    /// first request's change had committed. Keep it longer than any request can take.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a key is kept. A retry after this is a new request.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often expired keys are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(10);
}

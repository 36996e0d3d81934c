namespace Gavel.Core.Auctions;

/// <summary>One step of an auction's life, kept forever: who moved it, from what, to what, and when.</summary>
public sealed class AuctionTransition
{
    public long Id { get; init; }

    public required Guid AuctionId { get; init; }

    public required AuctionStatus From { get; init; }

    public required AuctionStatus To { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The user who caused it; null when the system did (the scheduler or the closer).</summary>
    public Guid? ActorId { get; init; }

    public string? Reason { get; init; }
}

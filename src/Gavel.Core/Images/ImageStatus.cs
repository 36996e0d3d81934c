namespace Gavel.Core.Images;

public enum ImageStatus
{
    /// <summary>Accepted and queued: the background processor has not finished it yet.</summary>
    Processing,

    /// <summary>Variants are stored and served.</summary>
    Ready,

    /// <summary>Processing gave up; <see cref="AuctionImage.FailureReason"/> says why.</summary>
    Failed,
}

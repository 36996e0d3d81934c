namespace Gavel.Core.Images;

/// <summary>
/// A photo that looks like another seller's photo: a common sign of a listing copied from elsewhere. Admins
/// review these; nothing is blocked automatically, because the same stock photo can be honest.
/// </summary>
public sealed class ImageFlag
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid ImageId { get; init; }

    public required Guid AuctionId { get; init; }

    public required Guid SellerId { get; init; }

    public required Guid MatchedImageId { get; init; }

    public required Guid MatchedAuctionId { get; init; }

    public required Guid MatchedSellerId { get; init; }

    /// <summary>Differing bits of the two 64-bit perceptual hashes: 0 is the same picture.</summary>
    public required int Distance { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}

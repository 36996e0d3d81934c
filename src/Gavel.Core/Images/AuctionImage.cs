namespace Gavel.Core.Images;

/// <summary>
/// A listing photo, and at the same time its entry in the processing queue: a row in status Processing is work
/// still to do, so a restart or crash never loses a photo. <see cref="ClaimedUntil"/> lets one worker own it for
/// a while; after a crash the claim runs out and another worker takes it again.
/// </summary>
public sealed class AuctionImage
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid AuctionId { get; init; }

    /// <summary>The seller, kept here so reuse across sellers is found without joining auctions.</summary>
    public required Guid SellerId { get; init; }

    /// <summary>0 is the cover; the gallery shows photos in this order.</summary>
    public int Position { get; set; }

    public ImageStatus Status { get; set; } = ImageStatus.Processing;

    public string? FailureReason { get; set; }

    /// <summary>Storage key of the uploaded bytes, kept privately for reprocessing; never served.</summary>
    public required string OriginalKey { get; init; }

    /// <summary>jpeg, png, webp, heic or avif, from the file's signature.</summary>
    public required string OriginalFormat { get; init; }

    public required long OriginalBytes { get; init; }

    /// <summary>Upright size (after the EXIF orientation) of the original.</summary>
    public required int Width { get; set; }

    public required int Height { get; set; }

    /// <summary>64-bit dHash of the upright photo, stored as a signed integer (both databases lack unsigned 64-bit).</summary>
    public required long PerceptualHash { get; init; }

    /// <summary>JSON list of the stored variants (name, format, size, storage name); null until ready.</summary>
    public string? VariantsJson { get; set; }

    /// <summary>JSON of the quality measurements and tips; null until ready.</summary>
    public string? QualityJson { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? ClaimedUntil { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ProcessedAt { get; set; }
}

using System.ComponentModel.DataAnnotations;
using Gavel.Core.Images;
using Gavel.Images;

namespace Gavel.Server.Features.Images;

/// <summary>The new gallery order: every photo id of the listing exactly once, cover first.</summary>
public sealed record ReorderImagesRequest
{
    [Required]
    [MinLength(1)]
    [MaxLength(100)]
    public IReadOnlyList<Guid>? ImageIds { get; init; }
}

/// <summary>
/// A listing photo. While <see cref="Status"/> is processing there are no URLs yet; poll the list (or watch
/// live updates) until it is ready. <see cref="Srcset"/> holds one srcset string per format for a
/// &lt;picture&gt; element; <see cref="Src"/> is the card-size JPEG every browser shows. Tips and the failure
/// reason are shown to the seller only.
/// </summary>
internal sealed record ImageResponse(
    Guid Id,
    int Position,
    bool IsCover,
    ImageStatus Status,
    string? FailureReason,
    int Width,
    int Height,
    string? Src,
    ImageSrcset? Srcset,
    IReadOnlyList<VariantResponse> Variants,
    IReadOnlyList<QualityTip>? Tips,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ProcessedAt);

/// <summary>One size of a photo in both formats.</summary>
internal sealed record VariantResponse(string Name, int Width, int Height, string Webp, string Jpeg);

/// <summary>Ready-made srcset attribute values, e.g. "/images/..._thumbnail_....webp 320w, ...".</summary>
internal sealed record ImageSrcset(string Webp, string Jpeg);

/// <summary>A stored variant file, as kept in <see cref="AuctionImage.VariantsJson"/>.</summary>
internal sealed record StoredVariant(string Name, VariantFormat Format, int Width, int Height, string File);

/// <summary>A photo that resembles another seller's photo, for an admin to review.</summary>
internal sealed record ImageFlagResponse(Guid Id, int Distance, DateTimeOffset CreatedAt, FlaggedImage Image, FlaggedImage Matched);

internal sealed record FlaggedImage(Guid ImageId, Guid AuctionId, Guid SellerId, string? Thumbnail);

using Gavel.Core.Data;
using Gavel.Core.Images;
using Gavel.Images;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Features.Images;

/// <summary>A listing's cover at thumbnail size (320 px) in both formats, for a &lt;picture&gt; on an auction card.</summary>
public sealed record PhotoThumbnail(string Webp, string Jpeg, int Width, int Height);

/// <summary>The covers of many listings in one query: the first ready photo of each, as buyers see the gallery.</summary>
internal static class CoverPhotos
{
    public static async Task<Dictionary<Guid, PhotoThumbnail>> LoadAsync(GavelDbContext db, IReadOnlyCollection<Guid> auctionIds, CancellationToken ct)
    {
        if (auctionIds.Count == 0)
        {
            return [];
        }

        var ids = auctionIds.Distinct().ToList();
        var rows = await db.AuctionImages.AsNoTracking()
            .Where(i => ids.Contains(i.AuctionId) && i.Status == ImageStatus.Ready)
            .Select(i => new { i.AuctionId, i.Position, i.VariantsJson })
            .ToListAsync(ct);
        var covers = new Dictionary<Guid, PhotoThumbnail>();
        foreach (var group in rows.GroupBy(r => r.AuctionId))
        {
            if (Thumbnail(group.MinBy(r => r.Position)!.VariantsJson) is { } thumbnail)
            {
                covers[group.Key] = thumbnail;
            }
        }

        return covers;
    }

    public static PhotoThumbnail? Thumbnail(string? variantsJson)
    {
        var thumbnails = ImageMapping.Variants(variantsJson).Where(v => v.Name == "thumbnail").ToList();
        var webp = thumbnails.FirstOrDefault(v => v.Format == VariantFormat.WebP);
        var jpeg = thumbnails.FirstOrDefault(v => v.Format == VariantFormat.Jpeg);
        return webp is null || jpeg is null ? null : new PhotoThumbnail(ImageMapping.Url(webp), ImageMapping.Url(jpeg), jpeg.Width, jpeg.Height);
    }
}

using Gavel.Core.Common;
using Gavel.Core.Data;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Features.Images;

/// <summary>GET /api/admin/image-flags: photos that match another seller's photo, newest first, for review.</summary>
internal static class ImageFlags
{
    public static async Task<Ok<Paged<ImageFlagResponse>>> ListAsync([AsParameters] PageRequest paging, GavelDbContext db, CancellationToken ct)
    {
        var total = await db.ImageFlags.CountAsync(ct);
        var rows = await db.ImageFlags.AsNoTracking()
            .OrderByDescending(f => f.CreatedAt).ThenBy(f => f.Id)
            .Skip(paging.Skip).Take(paging.Size)
            .Select(f => new
            {
                Flag = f,
                Image = db.AuctionImages.Where(i => i.Id == f.ImageId).Select(i => i.VariantsJson).FirstOrDefault(),
                Matched = db.AuctionImages.Where(i => i.Id == f.MatchedImageId).Select(i => i.VariantsJson).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var items = rows.Select(r => new ImageFlagResponse(
            r.Flag.Id,
            r.Flag.Distance,
            r.Flag.CreatedAt,
            new FlaggedImage(r.Flag.ImageId, r.Flag.AuctionId, r.Flag.SellerId, Thumbnail(r.Image)),
            new FlaggedImage(r.Flag.MatchedImageId, r.Flag.MatchedAuctionId, r.Flag.MatchedSellerId, Thumbnail(r.Matched)))).ToList();
        return TypedResults.Ok(new Paged<ImageFlagResponse>(items, paging.PageNumber, paging.Size, total));
    }

    private static string? Thumbnail(string? variantsJson) =>
        ImageMapping.Variants(variantsJson).FirstOrDefault(v => v.Name == "thumbnail" && v.Format == Gavel.Images.VariantFormat.Jpeg) is { } variant
            ? ImageMapping.Url(variant)
            : null;
}

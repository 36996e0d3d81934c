using System.Security.Claims;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Gavel.Core.Images;
using Gavel.Images;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Images;

/// <summary>
/// GET /api/auctions/{id}/images: the gallery in order, cover first. Anyone sees the ready photos of a
/// published listing; the seller also sees photos still processing or failed, with reasons and tips.
/// </summary>
internal static class ListImages
{
    public static async Task<Results<Ok<Paged<ImageResponse>>, NotFound>> HandleAsync(
        Guid id, [AsParameters] PageRequest paging, ClaimsPrincipal user, GavelDbContext db, IOptions<ImagesOptions> options, CancellationToken ct)
    {
        var (access, _) = await ListingAccess.CheckAsync(db, id, user, ct);
        if (access == Access.Missing)
        {
            return TypedResults.NotFound();
        }

        // A gallery is small (Images:MaxPhotosPerAuction), so it is loaded whole and paged like every list (API.md).
        var gallery = await LoadAsync(db, id, access == Access.Seller, options.Value, ct);
        return TypedResults.Ok(new Paged<ImageResponse>([.. gallery.Items.Skip(paging.Skip).Take(paging.Size)], paging.PageNumber, paging.Size, gallery.TotalCount));
    }

    public static async Task<Paged<ImageResponse>> LoadAsync(GavelDbContext db, Guid auctionId, bool forSeller, ImagesOptions options, CancellationToken ct)
    {
        var query = db.AuctionImages.AsNoTracking().Where(i => i.AuctionId == auctionId);
        if (!forSeller)
        {
            query = query.Where(i => i.Status == ImageStatus.Ready);
        }

        var images = await query.OrderBy(i => i.Position).ToListAsync(ct);
        return new Paged<ImageResponse>([.. images.Select(i => i.ToResponse(forSeller))], 1, options.MaxPhotosPerAuction, images.Count);
    }
}

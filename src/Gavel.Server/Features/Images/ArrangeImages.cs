using System.Security.Claims;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Gavel.Core.Images;
using Gavel.Images;
using Gavel.Images.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Images;

/// <summary>The seller's gallery changes: reorder, set the cover (position 0), delete.</summary>
internal static class ArrangeImages
{
    public static async Task<Results<Ok<Paged<ImageResponse>>, NotFound, ForbidHttpResult, ProblemHttpResult>> ReorderAsync(
        Guid id, ReorderImagesRequest request, ClaimsPrincipal user, GavelDbContext db, IOptions<ImagesOptions> options, CancellationToken ct) =>
        await ChangeAsync(id, user, db, options.Value, ct, images =>
        {
            var order = request.ImageIds!;
            if (order.Count != images.Count || order.Distinct().Count() != order.Count || !images.All(i => order.Contains(i.Id)))
            {
                return ImageProblems.Of(422, ImageProblems.InvalidOrder, $"Send each of the listing's {images.Count} photo ids exactly once, cover first.");
            }

            Renumber([.. order.Select(imageId => images.Single(i => i.Id == imageId))]);

            return null;
        });

    public static async Task<Results<Ok<Paged<ImageResponse>>, NotFound, ForbidHttpResult, ProblemHttpResult>> SetCoverAsync(
        Guid id, Guid imageId, ClaimsPrincipal user, GavelDbContext db, IOptions<ImagesOptions> options, CancellationToken ct) =>
        await ChangeAsync(id, user, db, options.Value, ct, images =>
        {
            var cover = images.FirstOrDefault(i => i.Id == imageId);
            if (cover is null)
            {
                return ImageProblems.Of(404, "not_found", $"The listing has no photo {imageId}.");
            }

            Renumber([cover, .. images.Where(i => i != cover).OrderBy(i => i.Position)]);
            return null;
        });

    public static async Task<Results<NoContent, NotFound, ForbidHttpResult, ProblemHttpResult>> DeleteAsync(
        Guid id, Guid imageId, ClaimsPrincipal user, GavelDbContext db, IImageStorage storage, IOptions<ImagesOptions> options, ILoggerFactory loggers, CancellationToken ct)
    {
        AuctionImage? deleted = null;
        var result = await ChangeAsync(id, user, db, options.Value, ct, images =>
        {
            deleted = images.FirstOrDefault(i => i.Id == imageId);
            if (deleted is null)
            {
                return ImageProblems.Of(404, "not_found", $"The listing has no photo {imageId}.");
            }

            db.AuctionImages.Remove(deleted);
            Renumber([.. images.Where(i => i != deleted).OrderBy(i => i.Position)]);
            return null;
        });
        if (result.Result is not Ok<Paged<ImageResponse>>)
        {
            return result.Result switch
            {
                NotFound notFound => notFound,
                ForbidHttpResult forbid => forbid,
                ProblemHttpResult problem => problem,
                _ => throw new InvalidOperationException("Unexpected result."),
            };
        }

        // After the commit: a failed file delete leaves an orphan file, never a row pointing at nothing.
        foreach (var key in ImageMapping.Variants(deleted!.VariantsJson).Select(v => ImageKeys.Variant(v.File)).Append(deleted!.OriginalKey))
        {
            try
            {
                await storage.DeleteAsync(key, CancellationToken.None);
            }
            catch (IOException ex)
            {
                loggers.CreateLogger(typeof(ArrangeImages)).LogWarning(ex, "Could not delete {Key} of a deleted photo", key);
            }
        }

        return TypedResults.NoContent();
    }

    private static void Renumber(IReadOnlyList<AuctionImage> ordered)
    {
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].Position = i;
        }
    }

    /// <summary>Loads the gallery under the auction's write lock, applies <paramref name="change"/>, returns the new gallery.</summary>
    private static async Task<Results<Ok<Paged<ImageResponse>>, NotFound, ForbidHttpResult, ProblemHttpResult>> ChangeAsync(
        Guid id, ClaimsPrincipal user, GavelDbContext db, ImagesOptions options, CancellationToken ct, Func<List<AuctionImage>, Microsoft.AspNetCore.Mvc.ProblemDetails?> change)
    {
        var (access, status) = await ListingAccess.CheckAsync(db, id, user, ct);
        if (access == Access.Missing)
        {
            return TypedResults.NotFound();
        }

        if (access != Access.Seller)
        {
            return TypedResults.Forbid();
        }

        if (!ListingAccess.PhotosCanChange(status))
        {
            return TypedResults.Problem(ImageProblems.Of(409, "invalid_state", "The photos of an ended or cancelled listing stay as buyers saw them."));
        }

        var problem = await db.WriteAsync(async token =>
        {
            await db.LockAuctionAsync(id, token);
            var images = await db.AuctionImages.Where(i => i.AuctionId == id).OrderBy(i => i.Position).ToListAsync(token);
            return change(images);
        }, ct);
        if (problem is not null)
        {
            return TypedResults.Problem(problem);
        }

        return TypedResults.Ok(await ListImages.LoadAsync(db, id, forSeller: true, options, ct));
    }
}

using System.Security.Claims;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Gavel.Core.Images;
using Gavel.Images;
using Gavel.Images.Storage;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Images;

/// <summary>
/// POST /api/auctions/{id}/images, multipart with one file part per photo. All or nothing: each file is checked
/// (size, signature, polyglot, header pixels, a decode that fails on truncation, the perceptual hash) before
/// anything is kept; then the originals are stored privately and queued, and the answer is 202 at once with
/// status processing. Processing happens in <see cref="Workers.ImageProcessor"/>.
/// </summary>
internal static class UploadImages
{
    private const long MultipartOverhead = 1024 * 1024;

    public static async Task<Results<Accepted<Paged<ImageResponse>>, NotFound, ForbidHttpResult, ProblemHttpResult>> HandleAsync(
        Guid id,
        HttpRequest request,
        ClaimsPrincipal user,
        GavelDbContext db,
        IImageStorage storage,
        ImageQueueSignal queue,
        TimeProvider clock,
        IOptions<ImagesOptions> options,
        ILoggerFactory loggers,
        CancellationToken ct)
    {
        var limits = options.Value;
        if (await RefuseAsync(id, user, db, ct) is { } refused)
        {
            return refused;
        }

        if (!request.HasFormContentType)
        {
            return TypedResults.Problem(ImageProblems.Of(415, ImageRules.UnsupportedFormat, "Send the photos as multipart/form-data, one file part per photo."));
        }

        var (files, problem) = await ReadFormAsync(request, limits, ct);
        if (problem is not null)
        {
            return TypedResults.Problem(problem);
        }

        var photos = files!.Select(f => new PhotoFile(string.IsNullOrWhiteSpace(f.FileName) ? f.Name : f.FileName, f.Length, f.OpenReadStream)).ToList();
        return await StoreAsync(id, photos, user, db, storage, queue, clock, limits, loggers, ct);
    }

    /// <summary>
    /// The same upload for a caller in the server (the web app's photo manager, the demo seeder): every rule of the
    /// endpoint from the seller check on, with the files already in hand instead of a multipart form.
    /// </summary>
    public static async Task<Results<Accepted<Paged<ImageResponse>>, NotFound, ForbidHttpResult, ProblemHttpResult>> UploadAsync(
        Guid id,
        IReadOnlyList<PhotoFile> files,
        ClaimsPrincipal user,
        GavelDbContext db,
        IImageStorage storage,
        ImageQueueSignal queue,
        TimeProvider clock,
        ImagesOptions limits,
        ILoggerFactory loggers,
        CancellationToken ct) =>
        await RefuseAsync(id, user, db, ct) ?? await StoreAsync(id, files, user, db, storage, queue, clock, limits, loggers, ct);

    /// <summary>Only the seller, and only while the listing is a draft, scheduled or live.</summary>
    private static async Task<Results<Accepted<Paged<ImageResponse>>, NotFound, ForbidHttpResult, ProblemHttpResult>?> RefuseAsync(
        Guid id, ClaimsPrincipal user, GavelDbContext db, CancellationToken ct)
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
            return TypedResults.Problem(ImageProblems.Of(409, "invalid_state", "Photos cannot be added once the auction has ended or been cancelled."));
        }

        return null;
    }

    private static async Task<Results<Accepted<Paged<ImageResponse>>, NotFound, ForbidHttpResult, ProblemHttpResult>> StoreAsync(
        Guid id,
        IReadOnlyList<PhotoFile> files,
        ClaimsPrincipal user,
        GavelDbContext db,
        IImageStorage storage,
        ImageQueueSignal queue,
        TimeProvider clock,
        ImagesOptions limits,
        ILoggerFactory loggers,
        CancellationToken ct)
    {
        if (files.Count == 0)
        {
            return TypedResults.Problem(ImageProblems.Of(400, ImageProblems.NoPhotos, "Attach at least one photo as a file part of the form."));
        }

        if (files.Count > limits.MaxPhotosPerAuction)
        {
            return TypedResults.Problem(ImageProblems.Of(409, ImageRules.TooManyPhotos, $"A listing has at most {limits.MaxPhotosPerAuction} photos; {files.Count} were sent."));
        }

        var accepted = new List<(AuctionImage Image, string FileName)>();
        try
        {
            foreach (var file in files)
            {
                var rejection = await AcceptAsync(file, id, user.GetUserId(), accepted, storage, clock, limits, ct);
                if (rejection is not null)
                {
                    await DeleteOriginalsAsync(storage, accepted, loggers.CreateLogger(typeof(UploadImages)));
                    return TypedResults.Problem(rejection);
                }
            }

            var images = await db.WriteAsync(token => QueueAsync(db, id, accepted, limits, token), ct);
            queue.Notify();
            var page = new Paged<ImageResponse>([.. images.Select(i => i.ToResponse(forSeller: true))], 1, limits.MaxPhotosPerAuction, images.Count);
            return TypedResults.Accepted($"/api/auctions/{id}/images", page);
        }
        catch (GavelRuleException rule)
        {
            await DeleteOriginalsAsync(storage, accepted, loggers.CreateLogger(typeof(UploadImages)));
            return TypedResults.Problem(ImageProblems.Of(rule));
        }
        catch
        {
            await DeleteOriginalsAsync(storage, accepted, loggers.CreateLogger(typeof(UploadImages)));
            throw;
        }
    }

    private static async Task<(IFormFileCollection? Files, Microsoft.AspNetCore.Mvc.ProblemDetails? Problem)> ReadFormAsync(
        HttpRequest request, ImagesOptions limits, CancellationToken ct)
    {
        // Kestrel's default body limit (30 MB) is below a dozen phone photos; each part is held to the per-file limit.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = (limits.MaxBytesPerFile * limits.MaxPhotosPerAuction) + MultipartOverhead;
        }

        try
        {
            var form = await request.ReadFormAsync(
                new FormOptions { MultipartBodyLengthLimit = limits.MaxBytesPerFile + MultipartOverhead, ValueCountLimit = 100 }, ct);
            return (form.Files, null);
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ImageProblems.Of(413, ImageRules.ImageTooLarge, $"A photo may be at most {limits.MaxBytesPerFile / (1024 * 1024)} MB."));
        }
        catch (InvalidDataException ex)
        {
            return (null, ErrorHandling.Problem(400, "invalid_request", "The form could not be read.", ex.Message));
        }
    }

    private static async Task<Microsoft.AspNetCore.Mvc.ProblemDetails?> AcceptAsync(
        PhotoFile file,
        Guid auctionId,
        Guid sellerId,
        List<(AuctionImage Image, string FileName)> accepted,
        IImageStorage storage,
        TimeProvider clock,
        ImagesOptions limits,
        CancellationToken ct)
    {
        var name = Path.GetFileName(file.FileName) is { Length: > 0 } given ? given : "photo";
        if (file.Length > limits.MaxBytesPerFile)
        {
            return ImageProblems.Of(413, ImageRules.ImageTooLarge, $"{name} is {file.Length / (1024.0 * 1024.0):0.#} MB; the limit is {limits.MaxBytesPerFile / (1024 * 1024)} MB per photo.", name);
        }

        var bytes = new byte[file.Length];
        await using (var stream = file.Open())
        {
            await stream.ReadExactlyAsync(bytes, ct);
        }

        InspectedImage inspected;
        try
        {
            inspected = ImageInspector.Inspect(bytes, limits);
        }
        catch (ImageRejectedException rejected)
        {
            return ImageProblems.Of(rejected, name);
        }

        var twin = accepted.FirstOrDefault(a => PerceptualHash.Distance(a.Image.PerceptualHash, unchecked((long)inspected.Hash)) <= limits.DuplicateDistance);
        if (twin.Image is not null)
        {
            return ImageProblems.Of(409, ImageRules.DuplicatePhoto, $"{name} is the same photo as {twin.FileName}; each photo should show something new.", name);
        }

        var imageId = Guid.CreateVersion7();
        var image = new AuctionImage
        {
            Id = imageId,
            AuctionId = auctionId,
            SellerId = sellerId,
            OriginalKey = ImageKeys.Original(imageId, inspected.Format),
            OriginalFormat = inspected.Format.ToString().ToLowerInvariant(),
            OriginalBytes = bytes.LongLength,
            Width = inspected.Width,
            Height = inspected.Height,
            PerceptualHash = unchecked((long)inspected.Hash),
            CreatedAt = clock.GetUtcNow(),
        };
        await storage.SaveAsync(image.OriginalKey, bytes, ct);
        accepted.Add((image, name));
        return null;
    }

    /// <summary>Under the auction's write lock, so two uploads at once cannot pass the count or duplicate checks together.</summary>
    private static async Task<List<AuctionImage>> QueueAsync(
        GavelDbContext db, Guid auctionId, List<(AuctionImage Image, string FileName)> accepted, ImagesOptions limits, CancellationToken ct)
    {
        var auction = await db.LockAuctionAsync(auctionId, ct);
        if (auction is null || !ListingAccess.PhotosCanChange(auction.Status))
        {
            throw new GavelRuleException("invalid_state", "The listing changed while the photos were uploading; it no longer takes photos.");
        }

        var existing = await db.AuctionImages.Where(i => i.AuctionId == auctionId)
            .Select(i => new { i.Id, i.PerceptualHash, i.Status, i.Position }).ToListAsync(ct);
        if (existing.Count + accepted.Count > limits.MaxPhotosPerAuction)
        {
            throw new GavelRuleException(
                ImageRules.TooManyPhotos,
                $"A listing has at most {limits.MaxPhotosPerAuction} photos; it has {existing.Count} and {accepted.Count} more were sent. Delete some first.");
        }

        await CheckDailyQuotaAsync(db, accepted, limits, ct);
        var next = existing.Count == 0 ? 0 : existing.Max(e => e.Position) + 1;
        foreach (var (image, fileName) in accepted)
        {
            var twin = existing.FirstOrDefault(e => e.Status != ImageStatus.Failed && PerceptualHash.Distance(e.PerceptualHash, image.PerceptualHash) <= limits.DuplicateDistance);
            if (twin is not null)
            {
                throw new GavelRuleException(ImageRules.DuplicatePhoto, $"{fileName} is already in this listing; each photo should show something new.")
                {
                    Extensions = new Dictionary<string, object?> { ["file"] = fileName, ["duplicateOf"] = twin.Id },
                };
            }

            image.Position = next++;
            db.AuctionImages.Add(image);
        }

        return [.. accepted.Select(a => a.Image)];
    }

    /// <summary>
    /// The seller's uploads of the last 24 hours, still kept, plus these stay within <see cref="ImagesOptions.MaxBytesPerSellerPerDay"/>.
    /// The seller's wallet row is the per-user lock, so uploads to two listings at once on PostgreSQL cannot both pass.
    /// </summary>
    private static async Task CheckDailyQuotaAsync(GavelDbContext db, List<(AuctionImage Image, string FileName)> accepted, ImagesOptions limits, CancellationToken ct)
    {
        var sellerId = accepted[0].Image.SellerId;
        var since = accepted[0].Image.CreatedAt.AddDays(-1);
        await db.LockWalletAsync(sellerId, ct);
        var used = await db.AuctionImages.Where(i => i.SellerId == sellerId && i.CreatedAt > since).SumAsync(i => i.OriginalBytes, ct);
        var sent = accepted.Sum(a => a.Image.OriginalBytes);
        if (used + sent > limits.MaxBytesPerSellerPerDay)
        {
            throw new GavelRuleException(
                ImageRules.UploadQuotaExceeded,
                $"A seller may upload {Megabytes(limits.MaxBytesPerSellerPerDay)} of photos in 24 hours; you have uploaded {Megabytes(used)} and these are {Megabytes(sent)}. Try again later or delete photos you no longer need.")
            {
                Extensions = new Dictionary<string, object?> { ["limitBytes"] = limits.MaxBytesPerSellerPerDay, ["usedBytes"] = used },
            };
        }
    }

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.#} MB";

    private static async Task DeleteOriginalsAsync(IImageStorage storage, List<(AuctionImage Image, string FileName)> accepted, ILogger logger)
    {
        foreach (var (image, _) in accepted)
        {
            try
            {
                await storage.DeleteAsync(image.OriginalKey, CancellationToken.None);
            }
            catch (IOException ex)
            {
                logger.LogWarning(ex, "Could not delete the refused upload {Key}", image.OriginalKey);
            }
        }
    }
}

/// <summary>
/// A photo as sent: a multipart file part, or a file a browser picked. <see cref="Length"/> is checked against the limit
/// before <see cref="Open"/> is called, so an oversized file is never read.
/// </summary>
internal sealed record PhotoFile(string FileName, long Length, Func<Stream> Open);

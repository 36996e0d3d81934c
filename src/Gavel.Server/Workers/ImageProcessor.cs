using System.Security.Cryptography;
using Gavel.Core.Data;
using Gavel.Core.Images;
using Gavel.Images;
using Gavel.Images.Storage;
using Gavel.Server.Features.Images;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Workers;

/// <summary>
/// Works through the photo queue: the AuctionImages rows in status Processing. Each photo is claimed with a
/// guarded update (so two workers or two servers never take the same one) for <see cref="ImagesOptions.ClaimTimeout"/>;
/// a worker that dies leaves the claim to run out and the photo is taken again. A photo that cannot be decoded
/// fails at once with its reason; an I/O error is retried up to <see cref="ImagesOptions.MaxAttempts"/> times. A claim can
/// run out under a worker that is only slow, so the outcome (ready or failed) is written under the gallery's lock and only
/// to a photo still processing: a delete, a failure or another worker's finish that committed first stands.
/// </summary>
internal sealed class ImageProcessor(
    IServiceScopeFactory scopes, IImageStorage storage, TimeProvider clock, IOptions<ImagesOptions> options, ILogger<ImageProcessor> logger)
{
    private const int MaxFlagsPerPhoto = 20;

    /// <summary>Claims and processes the photos waiting now (a batch at most); returns how many it took.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var claimed = await ClaimAsync(settings.ProcessingConcurrency * 4, ct);
        await Parallel.ForEachAsync(
            claimed,
            new ParallelOptions { MaxDegreeOfParallelism = settings.ProcessingConcurrency, CancellationToken = ct },
            async (id, token) => await ProcessAsync(id, token));
        return claimed.Count;
    }

    private async Task<List<Guid>> ClaimAsync(int batch, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GavelDbContext>();
        var now = clock.GetUtcNow();
        var until = now + options.Value.ClaimTimeout;
        var maxAttempts = options.Value.MaxAttempts;

        // Photos whose every attempt died with its worker (a crash, or a file that kills the process) stop here. Tracked
        // rather than a bulk update, so that the seller is pushed the failure after the commit (AfterCommitPublisher).
        await FailWhereAsync(
            db,
            i => i.Status == ImageStatus.Processing && i.Attempts >= maxAttempts && i.ClaimedUntil != null && i.ClaimedUntil <= now,
            $"Processing did not finish after {maxAttempts} attempts. Delete the photo and upload it again.",
            ct);

        var waiting = await db.AuctionImages.AsNoTracking()
            .Where(i => i.Status == ImageStatus.Processing && (i.ClaimedUntil == null || i.ClaimedUntil <= now))
            .OrderBy(i => i.CreatedAt).Select(i => i.Id).Take(batch).ToListAsync(ct);
        var claimed = new List<Guid>();
        foreach (var id in waiting)
        {
            var taken = await db.WriteAsync(
                token => db.AuctionImages
                    .Where(i => i.Id == id && i.Status == ImageStatus.Processing && (i.ClaimedUntil == null || i.ClaimedUntil <= now))
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.ClaimedUntil, until).SetProperty(i => i.Attempts, i => i.Attempts + 1), token),
                ct);
            if (taken == 1)
            {
                claimed.Add(id);
            }
        }

        return claimed;
    }

    private async Task ProcessAsync(Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GavelDbContext>();
        var image = await db.AuctionImages.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (image is null)
        {
            return;
        }

        var written = new List<string>();
        try
        {
            var original = await ReadOriginalAsync(image, ct);
            if (original is null)
            {
                await FailAsync(db, id, "The uploaded file is missing from storage. Delete the photo and upload it again.", ct);
                return;
            }

            ProcessedImage processed;
            try
            {
                processed = await Task.Run(() => ImagePipeline.Process(original), ct);
            }
            catch (ImageRejectedException rejected)
            {
                await FailAsync(db, id, rejected.Message, ct);
                return;
            }

            var variants = new List<StoredVariant>();
            foreach (var variant in processed.Variants)
            {
                var hash = Convert.ToHexStringLower(SHA256.HashData(variant.Bytes))[..16];
                var name = ServeImage.NameFor(id, variant.Name, hash, variant.Format.Extension());
                await storage.SaveAsync(ImageKeys.Variant(name), variant.Bytes, ct);
                written.Add(ImageKeys.Variant(name));
                variants.Add(new StoredVariant(variant.Name, variant.Format, variant.Width, variant.Height, name));
            }

            var matches = await FindReuseAsync(db, image, ct);
            var (saved, kept) = await db.WriteAsync(async token =>
            {
                // The gallery's lock, which every change to its photos takes (upload, reorder, cover, delete, a failure):
                // whatever another worker or the seller did to this photo has committed before the status is read.
                await db.LockAuctionAsync(image.AuctionId, token);
                var row = await db.AuctionImages.FirstOrDefaultAsync(i => i.Id == id, token);
                if (row is null || row.Status != ImageStatus.Processing)
                {
                    // Deleted, failed, or made ready by a worker whose claim followed ours: that outcome stands. Its
                    // files may bear the same names as ours (same bytes, same hash): those stay.
                    return (false, ImageMapping.Variants(row?.VariantsJson).Select(v => ImageKeys.Variant(v.File)).ToHashSet());
                }

                var now = clock.GetUtcNow();
                row.Status = ImageStatus.Ready;
                row.FailureReason = null;
                row.Width = processed.Width;
                row.Height = processed.Height;
                row.VariantsJson = ImageMapping.ToJson(variants);
                row.QualityJson = ImageMapping.ToJson(processed.Quality);
                row.ProcessedAt = now;
                row.ClaimedUntil = null;
                foreach (var match in matches)
                {
                    db.ImageFlags.Add(new ImageFlag
                    {
                        ImageId = id,
                        AuctionId = row.AuctionId,
                        SellerId = row.SellerId,
                        MatchedImageId = match.Id,
                        MatchedAuctionId = match.AuctionId,
                        MatchedSellerId = match.SellerId,
                        Distance = match.Distance,
                        CreatedAt = now,
                    });
                }

                return (true, written.ToHashSet());
            }, ct);

            if (saved)
            {
                logger.LogInformation("Photo {ImageId} is ready ({Flags} reuse flags)", id, matches.Count);
            }
            else
            {
                logger.LogInformation("Photo {ImageId} was deleted or finished elsewhere while this worker processed it; its result is dropped", id);
            }

            written.RemoveAll(kept.Contains);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(ex, "Processing photo {ImageId} failed (attempt {Attempt})", id, image.Attempts + 1);
            await RetryOrFailAsync(db, id, ct);
        }
        finally
        {
            foreach (var key in written)
            {
                await DeleteQuietlyAsync(key);
            }
        }
    }

    private async Task<byte[]?> ReadOriginalAsync(AuctionImage image, CancellationToken ct)
    {
        await using var stream = await storage.OpenReadAsync(image.OriginalKey, ct);
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    /// <summary>
    /// Other sellers' photos within <see cref="ImagesOptions.ReuseFlagDistance"/> bits. A linear scan over one
    /// 64-bit column per photo: fine into the hundreds of thousands of photos; beyond that, index the hash in bands.
    /// </summary>
    private async Task<List<(Guid Id, Guid AuctionId, Guid SellerId, int Distance)>> FindReuseAsync(GavelDbContext db, AuctionImage image, CancellationToken ct)
    {
        var limit = options.Value.ReuseFlagDistance;
        var matches = new List<(Guid, Guid, Guid, int)>();
        var others = db.AuctionImages.AsNoTracking()
            .Where(i => i.SellerId != image.SellerId && i.Status != ImageStatus.Failed)
            .Select(i => new { i.Id, i.AuctionId, i.SellerId, i.PerceptualHash })
            .AsAsyncEnumerable();
        await foreach (var other in others.WithCancellation(ct))
        {
            var distance = PerceptualHash.Distance(image.PerceptualHash, other.PerceptualHash);
            if (distance <= limit)
            {
                matches.Add((other.Id, other.AuctionId, other.SellerId, distance));
            }
        }

        return [.. matches.OrderBy(m => m.Item4).Take(MaxFlagsPerPhoto)];
    }

    private Task FailAsync(GavelDbContext db, Guid id, string reason, CancellationToken ct) =>
        FailWhereAsync(db, i => i.Id == id && i.Status == ImageStatus.Processing, reason, ct);

    /// <summary>
    /// Marks the matching photos failed through the change tracker (not a bulk update), so the status change is pushed to
    /// the seller once it commits. Under their galleries' locks, like the ready write, so a photo another worker made
    /// ready, or its seller deleted, meanwhile is left as it is.
    /// </summary>
    private async Task<int> FailWhereAsync(GavelDbContext db, System.Linq.Expressions.Expression<Func<AuctionImage, bool>> which, string reason, CancellationToken ct)
    {
        var auctionIds = await db.AuctionImages.AsNoTracking().Where(which).Select(i => i.AuctionId).Distinct().ToListAsync(ct);
        if (auctionIds.Count == 0)
        {
            return 0;
        }

        try
        {
            return await db.WriteAsync(
                async token =>
                {
                    await db.LockAuctionsAsync(auctionIds, token);
                    var rows = await db.AuctionImages.Where(which).Where(i => auctionIds.Contains(i.AuctionId)).ToListAsync(token);
                    foreach (var row in rows)
                    {
                        row.Status = ImageStatus.Failed;
                        row.FailureReason = reason;
                        row.ClaimedUntil = null;
                    }

                    return rows.Count;
                },
                ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return 0; // deleted by its seller while this ran; the next pass sees what is left
        }
    }

    /// <summary>Gives the claim back after a short pause, or fails the photo once its attempts are used up.</summary>
    private async Task RetryOrFailAsync(GavelDbContext db, Guid id, CancellationToken ct)
    {
        try
        {
            var retryAt = clock.GetUtcNow() + TimeSpan.FromSeconds(10);
            var maxAttempts = options.Value.MaxAttempts;
            var retried = await db.WriteAsync(
                token => db.AuctionImages.Where(i => i.Id == id && i.Status == ImageStatus.Processing && i.Attempts < maxAttempts)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.ClaimedUntil, retryAt), token),
                ct);
            if (retried == 0)
            {
                await FailWhereAsync(
                    db,
                    i => i.Id == id && i.Status == ImageStatus.Processing && i.Attempts >= maxAttempts,
                    $"Processing failed {maxAttempts} times. Delete the photo and upload it again.",
                    ct);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not record the failure of photo {ImageId}; its claim will run out", id);
        }
    }

    private async Task DeleteQuietlyAsync(string key)
    {
        try
        {
            await storage.DeleteAsync(key, CancellationToken.None);
        }
        catch (IOException ex)
        {
            logger.LogWarning(ex, "Could not delete {Key}", key);
        }
    }
}

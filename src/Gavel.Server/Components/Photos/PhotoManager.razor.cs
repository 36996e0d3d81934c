using System.Security.Claims;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Gavel.Core.Images;
using Gavel.Server.Features.Images;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gavel.Server.Components.Photos;

/// <summary>The photo manager's behaviour; PhotoManager.razor holds its markup and says what it is for.</summary>
public sealed partial class PhotoManager
{
    /// <summary>Without a worker in this process, or if a push is missed, a photo still processing is looked at this often.</summary>
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(3);

    [Parameter, EditorRequired]
    public Guid AuctionId { get; set; }

    private ClaimsPrincipal user = new();
    private List<ImageResponse> photos = [];
    private bool isSeller, canChange, busy, interactive;
    private string? error, done, announcement;
    private Guid? confirmDelete;
    private IDisposable? subscription;
    private CancellationTokenSource? stop;

    protected override async Task OnInitializedAsync()
    {
        user = (await Auth.GetAuthenticationStateAsync()).User;
        await LoadAsync();
    }

    /// <summary>Live parts start once the circuit is up (never while prerendering).</summary>
    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender || !isSeller)
        {
            return;
        }

        interactive = true;
        subscription = Feed.FollowUser(user.GetUserId(), change => change is PhotoChanged { Update.AuctionId: var auctionId } && auctionId == AuctionId
            ? InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            })
            : Task.CompletedTask);
        stop = new CancellationTokenSource();
        _ = RecheckAsync(stop.Token);
        StateHasChanged();
    }

    /// <summary>
    /// The push comes from the processor's commit in this process. A photo processed by another server reaches this page
    /// on the next look: while any photo is processing, the list is reloaded every few seconds.
    /// </summary>
    private async Task RecheckAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Recheck, Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                if (photos.Any(p => p.Status == ImageStatus.Processing))
                {
                    await InvokeAsync(async () =>
                    {
                        await LoadAsync();
                        StateHasChanged();
                    });
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GavelDbContext>();
        var (access, status) = await ListingAccess.CheckAsync(db, AuctionId, user, default);
        isSeller = access == Access.Seller;
        canChange = ListingAccess.PhotosCanChange(status);
        var before = photos.ToDictionary(p => p.Id, p => p.Status);
        photos = isSeller ? [.. (await ListImages.LoadAsync(db, AuctionId, forSeller: true, ImageOptions.Value, default)).Items] : [];

        // For screen readers: which photos just finished, read out by the polite live region.
        var finished = photos.Select((p, i) => (Photo: p, Number: i + 1))
            .Where(x => before.TryGetValue(x.Photo.Id, out var was) && was == ImageStatus.Processing && x.Photo.Status != ImageStatus.Processing)
            .Select(x => x.Photo.Status == ImageStatus.Ready ? $"Photo {x.Number} is ready." : $"Photo {x.Number} failed: {x.Photo.FailureReason}")
            .ToList();
        if (finished.Count > 0)
        {
            announcement = string.Join(" ", finished);
        }
    }

    private async Task UploadAsync(InputFileChangeEventArgs e)
    {
        var limits = ImageOptions.Value;
        var files = e.GetMultipleFiles(Math.Max(e.FileCount, 1))
            .Select(f => new PhotoFile(f.Name, f.Size, () => f.OpenReadStream(limits.MaxBytesPerFile)))
            .ToList();
        await RunAsync(async db =>
        {
            var result = await UploadImages.UploadAsync(AuctionId, files, user, db, Storage, Queue, Clock, limits, Loggers, default);
            if (result.Result is Accepted<Paged<ImageResponse>> { Value: { } page })
            {
                done = page.Items.Count == 1
                    ? "Photo uploaded. It is being processed and appears below when ready."
                    : $"{page.Items.Count} photos uploaded. They are being processed and appear below when ready.";
            }

            return result.Result;
        });
    }

    private Task CoverAsync(Guid imageId) => RunAsync(async db =>
        (await ArrangeImages.SetCoverAsync(AuctionId, imageId, user, db, ImageOptions, default)).Result);

    private Task MoveAsync(int index, int by)
    {
        var order = photos.Select(p => p.Id).ToList();
        var target = index + by;
        if (target < 0 || target >= order.Count)
        {
            return Task.CompletedTask;
        }

        (order[index], order[target]) = (order[target], order[index]);
        return RunAsync(async db =>
            (await ArrangeImages.ReorderAsync(AuctionId, new ReorderImagesRequest { ImageIds = order }, user, db, ImageOptions, default)).Result);
    }

    private Task DeleteAsync(Guid imageId)
    {
        confirmDelete = null;
        return RunAsync(async db =>
        {
            var result = (await ArrangeImages.DeleteAsync(AuctionId, imageId, user, db, Storage, ImageOptions, Loggers, default)).Result;
            if (result is NoContent)
            {
                done = "Photo deleted.";
            }

            return result;
        });
    }

    /// <summary>Runs a handler in a scope of its own; a refusal becomes the API's ProblemDetails title and detail, as text.</summary>
    private async Task RunAsync(Func<GavelDbContext, Task<IResult>> action)
    {
        error = done = null;
        busy = true;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();

            // The circuit outlives the request whose cookie was checked: a seller suspended since then must not act here.
            error = await SuspendedUsers.IsSuspendedAsync(scope.ServiceProvider, user.GetUserId(), default)
                ? "Your account is suspended, so you cannot change photos. Contact support if you think this is a mistake."
                : Friendly(await action(scope.ServiceProvider.GetRequiredService<GavelDbContext>()));
        }
        catch (IOException ex)
        {
            // The browser stopped sending the file, or it grew past the limit while being read.
            error = $"The photo could not be read from your device: {ex.Message}";
        }
        finally
        {
            busy = false;
        }

        if (error is not null)
        {
            done = null;
        }

        await LoadAsync();
    }

    private static string? Friendly(IResult result) => result switch
    {
        ProblemHttpResult { ProblemDetails: var problem } => $"{problem.Title} {problem.Detail}",
        NotFound => "This listing no longer exists.",
        ForbidHttpResult => "Only the seller can change this listing's photos.",
        _ => null,
    };

    private static string Status(ImageResponse photo) => photo.Status switch
    {
        ImageStatus.Ready => "ready",
        ImageStatus.Failed => "failed",
        _ => "processing",
    };

    private static string Label(ImageResponse photo) => photo.Status switch
    {
        ImageStatus.Ready => "Ready",
        ImageStatus.Failed => "Failed",
        _ => "Processing…",
    };

    public async ValueTask DisposeAsync()
    {
        subscription?.Dispose();
        if (stop is not null)
        {
            await stop.CancelAsync();
            stop.Dispose();
        }
    }
}

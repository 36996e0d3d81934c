using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Gavel.Core.Data;
using Gavel.Server.Tests.Infrastructure;
using Gavel.Server.Workers;
using Microsoft.Extensions.DependencyInjection;

namespace Gavel.Server.Tests.Images;

/// <summary>A server with a photo folder of its own; the processor runs when a test says so.</summary>
public sealed class PhotoApp : IAsyncDisposable
{
    private readonly bool ownsStorage;

    private PhotoApp(GavelApp app, string storagePath, bool ownsStorage)
    {
        App = app;
        StoragePath = storagePath;
        this.ownsStorage = ownsStorage;
    }

    public GavelApp App { get; }

    public string StoragePath { get; }

    public static async Task<PhotoApp> StartAsync(DatabaseProvider provider, Action<Dictionary<string, string?>>? configure = null)
    {
        var storage = Directory.CreateTempSubdirectory("gavel-photos-").FullName;
        var app = await GavelApp.StartAsync(provider, settings =>
        {
            settings["Images:StoragePath"] = storage;
            configure?.Invoke(settings);
        });
        return new PhotoApp(app, storage, ownsStorage: true);
    }

    /// <summary>A second server process over this one's database and photo folder, as after a restart.</summary>
    public async Task<PhotoApp> StartAnotherServerAsync()
    {
        var connection = App.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["ConnectionStrings:Gavel"];
        var app = await GavelApp.StartAsync(App.Provider, settings =>
        {
            settings["ConnectionStrings:Gavel"] = connection;
            settings["Images:StoragePath"] = StoragePath;
        });
        return new PhotoApp(app, StoragePath, ownsStorage: false);
    }

    /// <summary>Runs the real processor until the queue is empty (or only holds claimed photos).</summary>
    public async Task<int> ProcessQueueAsync()
    {
        var processor = App.Services.GetRequiredService<ImageProcessor>();
        var total = 0;
        for (var pass = 0; pass < 20; pass++)
        {
            var done = await processor.RunOnceAsync(TestContext.Current.CancellationToken);
            if (done == 0)
            {
                return total;
            }

            total += done;
        }

        return total;
    }

    public string[] StoredFiles(string folder) =>
        Directory.Exists(Path.Combine(StoragePath, folder)) ? Directory.GetFiles(Path.Combine(StoragePath, folder)) : [];

    public async Task<Guid> CreateDraftAsync(TestUser seller)
    {
        var categoryId = await App.WithDbAsync(db => Task.FromResult(db.Categories.OrderBy(c => c.Id).First().Id));
        var response = await seller.Client.PostAsync("/api/auctions", System.Net.Http.Json.JsonContent.Create(new
        {
            title = "Camera in a drawer",
            description = "Still a draft.",
            categoryId,
            startingPrice = 10m,
            endsAt = App.Clock.GetUtcNow().AddHours(2),
        }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync())["id"]!.GetValue<Guid>();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (ownsStorage)
        {
            Directory.Delete(StoragePath, recursive: true);
        }
    }
}

public static class PhotoApi
{
    /// <summary>Posts the files as one multipart form, each part labelled image/jpeg whatever it is (the server must not care).</summary>
    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, Guid auctionId, params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(part, "files", name);
        }

        return client.PostAsync($"/api/auctions/{auctionId}/images", form);
    }

    public static async Task<JsonArray> PhotosAsync(this HttpClient client, Guid auctionId) =>
        (JsonArray)(await client.GetJsonAsync($"/api/auctions/{auctionId}/images"))["items"]!;

    public static async Task<List<Guid>> UploadedIdsAsync(this HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Expected 202 but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return [.. ((JsonArray)(await response.ReadJsonAsync())["items"]!).Select(i => i!["id"]!.GetValue<Guid>())];
    }
}

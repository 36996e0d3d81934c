using System.Text.RegularExpressions;
using Gavel.Images.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Gavel.Server.Features.Images;

/// <summary>
/// GET /images/{name}: a processed variant. Names are generated at processing time and carry a hash of the
/// content, so a name never changes meaning: the response may be cached for a year and its ETag is that hash.
/// Originals live under another key prefix and cannot be reached from here.
/// </summary>
internal static partial class ServeImage
{
    private const string CacheForever = "public, max-age=31536000, immutable";

    public static async Task<Results<FileStreamHttpResult, NotFound>> HandleAsync(string name, HttpContext context, IImageStorage storage, CancellationToken ct)
    {
        var match = VariantName().Match(name);
        if (!match.Success || await storage.OpenReadAsync(ImageKeys.Variant(name), ct) is not { } stream)
        {
            return TypedResults.NotFound();
        }

        var headers = context.Response.Headers;
        headers.CacheControl = CacheForever;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        var contentType = match.Groups["ext"].Value == "webp" ? "image/webp" : "image/jpeg";
        return TypedResults.Stream(stream, contentType, entityTag: new EntityTagHeaderValue($"\"{match.Groups["hash"].Value}\""));
    }

    /// <summary>{image id}_{variant}_{content hash}.{ext}, as written by the processor.</summary>
    public static string NameFor(Guid imageId, string variant, string hash, string extension) => $"{imageId:N}_{variant}_{hash}.{extension}";

    [GeneratedRegex("^[0-9a-f]{32}_(thumbnail|card|full)_(?<hash>[0-9a-f]{16})\\.(?<ext>webp|jpg)$")]
    private static partial Regex VariantName();
}

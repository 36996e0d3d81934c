using System.Text.Json;
using Gavel.Core.Images;
using Gavel.Images;

namespace Gavel.Server.Features.Images;

/// <summary>From the stored row to what clients see, and the JSON columns both ways.</summary>
internal static class ImageMapping
{
    public const string PublicPath = "/images/";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ImageResponse ToResponse(this AuctionImage image, bool forSeller)
    {
        var variants = Variants(image.VariantsJson);
        var sizes = variants.GroupBy(v => v.Name)
            .Select(g => new VariantResponse(
                g.Key,
                g.First().Width,
                g.First().Height,
                Url(g.Single(v => v.Format == VariantFormat.WebP)),
                Url(g.Single(v => v.Format == VariantFormat.Jpeg))))
            .OrderBy(v => v.Width)
            .ToList();
        var card = sizes.FirstOrDefault(v => v.Name == "card");
        return new ImageResponse(
            image.Id,
            image.Position,
            image.Position == 0,
            image.Status,
            forSeller ? image.FailureReason : null,
            image.Width,
            image.Height,
            card?.Jpeg,
            sizes.Count == 0 ? null : new ImageSrcset(Srcset(sizes, v => v.Webp), Srcset(sizes, v => v.Jpeg)),
            sizes,
            forSeller && image.QualityJson is not null ? Quality(image)?.Tips ?? [] : null,
            image.CreatedAt,
            image.ProcessedAt);
    }

    /// <summary>What the seller is pushed when the photo's status changes (Live/PhotoUpdate).</summary>
    public static Live.PhotoUpdate ToUpdate(this AuctionImage image, DateTimeOffset now) => new(
        image.AuctionId,
        image.Id,
        Auctions.AuctionDetails.ToCamel(image.Status.ToString()),
        image.FailureReason,
        image.Status == ImageStatus.Ready ? Quality(image)?.Tips ?? [] : [],
        Variants(image.VariantsJson).FirstOrDefault(v => v.Name == "thumbnail" && v.Format == VariantFormat.Jpeg) is { } thumbnail ? Url(thumbnail) : null,
        now);

    public static IReadOnlyList<StoredVariant> Variants(string? variantsJson) =>
        variantsJson is null ? [] : JsonSerializer.Deserialize<List<StoredVariant>>(variantsJson, Json) ?? [];

    public static string ToJson(IReadOnlyList<StoredVariant> variants) => JsonSerializer.Serialize(variants, Json);

    public static string ToJson(QualityReport quality) => JsonSerializer.Serialize(quality, Json);

    public static QualityReport? Quality(AuctionImage image) =>
        image.QualityJson is null ? null : JsonSerializer.Deserialize<QualityReport>(image.QualityJson, Json);

    public static string Url(StoredVariant variant) => PublicPath + variant.File;

    /// <summary>One width descriptor per distinct width: a small photo has fewer real sizes than variants.</summary>
    private static string Srcset(IEnumerable<VariantResponse> sizes, Func<VariantResponse, string> url) =>
        string.Join(", ", sizes.DistinctBy(v => v.Width).Select(v => $"{url(v)} {v.Width}w"));
}

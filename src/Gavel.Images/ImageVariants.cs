namespace Gavel.Images;

/// <summary>A served size: the photo fits in a <see cref="Size"/> x <see cref="Size"/> box, never enlarged.</summary>
public sealed record VariantSpec(string Name, int Size);

/// <summary>One encoded output of the pipeline.</summary>
public sealed record EncodedVariant(string Name, VariantFormat Format, int Width, int Height, byte[] Bytes);

public enum VariantFormat
{
    WebP,
    Jpeg,
}

public static class ImageVariants
{
    public static readonly IReadOnlyList<VariantSpec> All = [new("thumbnail", 320), new("card", 640), new("full", 1600)];

    public static string Extension(this VariantFormat format) => format == VariantFormat.WebP ? "webp" : "jpg";

    public static string ContentType(this VariantFormat format) => format == VariantFormat.WebP ? "image/webp" : "image/jpeg";
}

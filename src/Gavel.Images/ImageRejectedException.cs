namespace Gavel.Images;

/// <summary>An upload broke one of the image rules. <see cref="Code"/> is the stable machine code the API returns.</summary>
public sealed class ImageRejectedException(string code, string message, int status = 422) : Exception(message)
{
    public string Code { get; } = code;

    public int Status { get; } = status;
}

/// <summary>The codes of <see cref="ImageRejectedException"/>, as clients see them.</summary>
public static class ImageRules
{
    public const string UnsupportedFormat = "unsupported_format";
    public const string ImageTooLarge = "image_too_large";
    public const string TooManyPixels = "too_many_pixels";
    public const string CorruptImage = "corrupt_image";
    public const string PolyglotFile = "polyglot_file";
    public const string TooManyPhotos = "too_many_photos";
    public const string DuplicatePhoto = "duplicate_photo";
    public const string UploadQuotaExceeded = "upload_quota_exceeded";
}

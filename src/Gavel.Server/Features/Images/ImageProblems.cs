using Gavel.Core.Common;
using Gavel.Images;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Gavel.Server.Features.Images;

/// <summary>ProblemDetails for the photo rules, each with a title a seller can act on.</summary>
internal static class ImageProblems
{
    public const string NoPhotos = "no_photos";
    public const string InvalidOrder = "invalid_order";

    private static readonly Dictionary<string, string> Titles = new()
    {
        [ImageRules.UnsupportedFormat] = "The file is not a supported image.",
        [ImageRules.ImageTooLarge] = "The photo file is too large.",
        [ImageRules.TooManyPixels] = "The photo has too many pixels.",
        [ImageRules.CorruptImage] = "The photo file is damaged.",
        [ImageRules.PolyglotFile] = "The file is more than an image.",
        [ImageRules.TooManyPhotos] = "The listing has too many photos.",
        [ImageRules.DuplicatePhoto] = "This photo is already in the listing.",
        [ImageRules.UploadQuotaExceeded] = "You have uploaded too much today.",
        [NoPhotos] = "No photo was sent.",
        [InvalidOrder] = "The new order does not match the listing's photos.",
        ["invalid_state"] = "The listing's photos can no longer change.",
    };

    public static ProblemDetails Of(int status, string code, string detail, string? fileName = null)
    {
        var problem = ErrorHandling.Problem(status, code, Titles.GetValueOrDefault(code, "The photo breaks a rule."), detail);
        if (fileName is not null)
        {
            problem.Extensions["file"] = fileName;
        }

        return problem;
    }

    public static ProblemDetails Of(ImageRejectedException rejected, string fileName) =>
        Of(rejected.Status, rejected.Code, $"{fileName}: {rejected.Message}", fileName);

    public static ProblemDetails Of(GavelRuleException rule)
    {
        var problem = Of(rule.Status, rule.Code, rule.Message);
        foreach (var (key, value) in rule.Extensions)
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }
}

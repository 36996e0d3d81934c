using Ganss.Xss;

namespace Gavel.Server.Features.Auctions;

/// <summary>Descriptions may carry simple formatting; anything that could run script or load content is removed.</summary>
internal static class DescriptionSanitizer
{
    private static readonly string[] AllowedTags = ["p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "u", "h3", "h4", "blockquote"];

    public static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedTags.Clear();
        sanitizer.AllowedTags.UnionWith(AllowedTags);
        sanitizer.AllowedAttributes.Clear();
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedAtRules.Clear();
        sanitizer.KeepChildNodes = true;
        return sanitizer;
    }
}

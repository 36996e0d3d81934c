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
        // Keep the text of removed formatting tags, but not the code inside script-like ones.
        sanitizer.KeepChildNodes = true;
        sanitizer.RemovingTag += (_, e) =>
        {
            if (e.Tag.NodeName is "SCRIPT" or "STYLE" or "TEMPLATE" or "NOSCRIPT" or "IFRAME" or "OBJECT" or "SVG" or "MATH" or "TEXTAREA" or "TITLE")
            {
                e.Tag.TextContent = string.Empty;
            }
        };
        return sanitizer;
    }
}

using System.Globalization;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Gavel.Core.Auctions;

/// <summary>
/// The one way auction search folds text, for what is stored (<see cref="Auction.SearchText"/>) and for the terms a
/// buyer types, so both databases compare plain strings the same way: SQLite's lower() knows only ASCII, and neither
/// database ignores accents ("cafe" should find "Café").
/// </summary>
public static class SearchFolding
{
    // Letters that compatibility decomposition leaves whole (they are not a base letter plus a mark), spelled as a
    // buyer without the key types them; and the final sigma, which lower-cases from nothing but is a σ to a reader.
    private static readonly Dictionary<Rune, string> Spelled = new()
    {
        [new Rune('ß')] = "ss",
        [new Rune('æ')] = "ae",
        [new Rune('œ')] = "oe",
        [new Rune('ø')] = "o",
        [new Rune('ł')] = "l",
        [new Rune('đ')] = "d",
        [new Rune('ı')] = "i",
        [new Rune('ς')] = "σ",
    };

    // Elements whose text runs on with its neighbours ("<b>Poké</b>mon" reads "Pokémon"); any other element separates words.
    private static readonly HashSet<string> Inline =
    [
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd", "mark", "q",
        "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
    ];

    // Elements a browser does not show as text.
    private static readonly HashSet<string> Hidden = ["script", "style", "template", "noscript"];

    /// <summary>
    /// Compatibility decomposition (FormKD: "ﬁ" is "fi", full-width letters are ASCII), then non-spacing marks dropped
    /// (accents), lower-cased by the invariant culture in every alphabet, a few letters spelled out (ß is ss), and
    /// white space collapsed to single spaces with none at either end.
    /// </summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        string decomposed;
        try
        {
            decomposed = text.Normalize(NormalizationForm.FormKD);
        }
        catch (ArgumentException)
        {
            // Normalize refuses invalid UTF-16 (a lone surrogate); read it as the replacement character instead, as
            // decoders do, so no text can make search fail.
            decomposed = string.Concat(text.EnumerateRunes().Select(r => r.ToString())).Normalize(NormalizationForm.FormKD);
        }

        var folded = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                space = folded.Length > 0;
                continue;
            }

            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (space)
            {
                folded.Append(' ');
                space = false;
            }

            var lower = Rune.ToLowerInvariant(rune);
            if (Spelled.TryGetValue(lower, out var spelled))
            {
                folded.Append(spelled);
            }
            else
            {
                folded.Append(lower.ToString());
            }
        }

        return folded.ToString();
    }

    /// <summary>What an auction is found by: its title and the text its description shows, folded.</summary>
    public static string ForAuction(string? title, string? description) => Fold(title + "\n" + VisibleText(description));

    /// <summary>
    /// The text a browser shows for a description's markup: tags and attributes gone, entities decoded, a space
    /// wherever a block or line break separates words. Text without markup or entities is returned as it is.
    /// </summary>
    public static string VisibleText(string? html)
    {
        if (string.IsNullOrEmpty(html) || html.AsSpan().IndexOfAny('<', '&') < 0)
        {
            return html ?? "";
        }

        var body = new HtmlParser().ParseDocument(html).Body;
        var text = new StringBuilder(html.Length);

        // A stack, not recursion: markup nested thousands deep is still only a few kilobytes.
        var pending = new Stack<(INode Node, bool Leaving)>();
        if (body is not null)
        {
            pending.Push((body, false));
        }

        while (pending.TryPop(out var item))
        {
            if (item.Leaving)
            {
                text.Append(' ');
                continue;
            }

            switch (item.Node)
            {
                case IText node:
                    text.Append(node.Data);
                    break;
                case IElement element when !Hidden.Contains(element.LocalName):
                    if (!Inline.Contains(element.LocalName))
                    {
                        text.Append(' ');
                        pending.Push((element, true));
                    }

                    for (var child = element.LastChild; child is not null; child = child.PreviousSibling)
                    {
                        pending.Push((child, false));
                    }

                    break;
            }
        }

        return text.ToString();
    }
}

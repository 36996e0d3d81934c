using Gavel.Core.Auctions;

namespace Gavel.Core.Tests.Auctions;

public sealed class SearchFoldingTests
{
    [Theory]
    [InlineData("Pokémon", "pokemon")]
    [InlineData("Hermès", "hermes")]
    [InlineData("Crème brûlée", "creme brulee")]
    [InlineData("ÉCLAIR", "eclair")]
    [InlineData("éclair", "eclair")]
    [InlineData("MÜNCHEN", "munchen")]
    [InlineData("ΣΩΚΡΆΤΗΣ", "σωκρατησ")]
    [InlineData("Σωκράτης", "σωκρατησ")] // the final sigma is a σ
    [InlineData("Straße", "strasse")]
    [InlineData("STRAẞE", "strasse")]
    [InlineData("Ærø Œuvre", "aero oeuvre")]
    [InlineData("Łódź", "lodz")]
    [InlineData("İSTANBUL", "istanbul")]
    [InlineData("ﬁne ＣＡＭＥＲＡ", "fine camera")] // compatibility forms: a ligature, full-width letters
    [InlineData("Cafe\u0301", "cafe")] // an accent already decomposed
    [InlineData("  Leica\t\n M6\u00a0 body ", "leica m6 body")]
    [InlineData("１００％_off", "100%_off")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("\u0301", "")]
    [InlineData(null, "")]
    public void FoldDropsAccentsAndCaseInEveryAlphabet(string? text, string folded) =>
        Assert.Equal(folded, SearchFolding.Fold(text));

    [Theory]
    [InlineData("<p>A <strong>rare</strong> find</p>", "A rare find")]
    [InlineData("<p>one</p><p>two</p>", "one two")]
    [InlineData("line<br>break", "line break")]
    [InlineData("<ul><li>lens</li><li>cap</li></ul>", "lens cap")]
    [InlineData("<b>Poké</b>mon", "Pokémon")]
    [InlineData("Salt &amp; pepper &eacute;clair &#233;t&#xE9;", "Salt & pepper éclair été")]
    [InlineData("<a href=\"https://example.com/strong\" title=\"hidden\">link</a>", "link")]
    [InlineData("<p>shown</p><script>hidden()</script><style>p{}</style>", "shown")]
    [InlineData("no markup at all", "no markup at all")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void VisibleTextIsWhatABrowserShows(string? html, string visible) =>
        Assert.Equal(visible, string.Join(' ', SearchFolding.VisibleText(html).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));

    [Theory]
    [InlineData("Pokémon Red", "<p>Boxed, <strong>complete</strong></p>", "pokemon red boxed, complete")]
    [InlineData("ÉCLAIR mould", "Tin &amp; copper", "eclair mould tin & copper")]
    [InlineData("Title only", "", "title only")]
    [InlineData("", "<p></p>", "")]
    public void AnAuctionIsFoundByItsTitleAndTheTextItsDescriptionShows(string title, string description, string expected) =>
        Assert.Equal(expected, SearchFolding.ForAuction(title, description));

    [Fact]
    public void ALoneSurrogateIsReadAsTheReplacementCharacterNotAnError()
    {
        // Built here, not in InlineData: theory data is serialised, which would replace the surrogate before the test.
        var text = "Poké" + '\ud800' + "MON";

        Assert.Equal("poke\ufffdmon", SearchFolding.Fold(text));
    }

    [Fact]
    public void MarkupNestedThousandsDeepIsRead()
    {
        var html = string.Concat(Enumerable.Repeat("<blockquote>", 5000)) + "deep" + string.Concat(Enumerable.Repeat("</blockquote>", 5000));
        Assert.Equal("deep", SearchFolding.VisibleText(html).Trim());
    }
}

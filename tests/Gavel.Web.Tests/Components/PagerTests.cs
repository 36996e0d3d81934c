using Bunit;
using Gavel.Server.Components.Shared;

namespace Gavel.Web.Tests.Components;

/// <summary>bUnit: the pager's rules without a browser or a server.</summary>
public sealed class PagerTests : IDisposable
{
    private readonly BunitContext context = new();

    [Fact]
    public void OnePageOfResultsShowsNoPager()
    {
        var pager = Render(page: 1, total: 20);

        Assert.Empty(pager.FindAll("nav"));
    }

    [Fact]
    public void TheFirstPageLinksOnlyToTheNextWithTheCallersQuery()
    {
        var pager = Render(page: 1, total: 41);

        Assert.Equal("Page 1 of 3", pager.Find("[aria-current=page]").TextContent);
        Assert.Empty(pager.FindAll("a[rel=prev]"));
        Assert.Equal("/auctions?q=leica&page=2", pager.Find("a[rel=next]").GetAttribute("href"));
    }

    [Fact]
    public void TheLastPageLinksOnlyBack()
    {
        var pager = Render(page: 3, total: 41);

        Assert.Equal("/auctions?q=leica&page=2", pager.Find("a[rel=prev]").GetAttribute("href"));
        Assert.Empty(pager.FindAll("a[rel=next]"));
    }

    public void Dispose() => context.Dispose();

    private IRenderedComponent<Pager> Render(int page, int total) => context.Render<Pager>(p => p
        .Add(x => x.Page, page)
        .Add(x => x.PageSize, 20)
        .Add(x => x.Total, total)
        .Add(x => x.Link, n => $"/auctions?q=leica&page={n}"));
}

using Gavel.Server.Components.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gavel.Server.Tests.Platform;

/// <summary>Where sign-in and sign-out send the browser back to: a path on this site, or the fallback.</summary>
public sealed class LocalUrlTests
{
    [Theory]
    [InlineData("/auctions/1?x=2", "/auctions/1?x=2")]
    [InlineData("/", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/\t/evil.example", "/")]
    [InlineData("/\n/evil.example", "/")]
    [InlineData("/\r\nSet-Cookie: x=1", "/")]
    [InlineData("", "/")]
    [InlineData(null, "/")]
    public async Task OnlyAPlainPathOnThisSiteIsKeptAndLocalRedirectAcceptsIt(string? returnUrl, string expected)
    {
        var kept = LocalUrl.Or(returnUrl, "/");

        Assert.Equal(expected, kept);

        // What sign-out does with it: a path LocalUrl keeps must never make LocalRedirect throw (a 500).
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        await TypedResults.LocalRedirect(kept).ExecuteAsync(context);
        Assert.Equal(kept, context.Response.Headers.Location.ToString());
    }
}

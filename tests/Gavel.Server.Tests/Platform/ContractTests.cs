using System.Net;
using System.Text;
using Gavel.Core.Data;
using Gavel.Server.Tests.Infrastructure;

namespace Gavel.Server.Tests.Platform;

/// <summary>Statements of API.md checked as a client reads them, beyond what each feature's tests cover.</summary>
public abstract class ContractTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task EveryKindOfErrorCarriesStatusTitleDetailAndCode()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var stranger = await app.CreateUserAsync();
        var auction = await app.CreateLiveAuctionAsync(seller);
        var anonymous = app.Anonymous();
        var malformed = app.WithToken("not.a.token");

        var validation = await Detailed(await anonymous.GetAsync("/api/auctions?page=0&pageSize=101"), HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("page", validation, StringComparison.Ordinal);
        Assert.Contains("pageSize", validation, StringComparison.Ordinal);
        await Detailed(await stranger.Client.PostAsync("/api/wallet/deposits", new StringContent("{", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "invalid_request");
        await Detailed(await anonymous.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "unauthorized");
        await Detailed(await malformed.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "unauthorized");
        await Detailed(await stranger.Client.PostAsync($"/api/auctions/{auction}/cancel", null), HttpStatusCode.Forbidden, "forbidden");
        await Detailed(await anonymous.GetAsync($"/api/auctions/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not_found");
        await Detailed(await anonymous.GetAsync("/api/no-such-thing"), HttpStatusCode.NotFound, "not_found");
        await Detailed(await stranger.Client.DeleteAsync("/api/me"), HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        await Detailed(await stranger.Client.PostAsync("/api/wallet/deposits", new StringContent("amount=5", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");

        // An access token that has expired is refused like a missing one.
        app.Clock.Advance(TimeSpan.FromHours(1));
        await Detailed(await stranger.Client.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "unauthorized");
    }

    private static async Task<string> Detailed(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, status, code);
        var detail = problem["detail"]?.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(detail), $"A {(int)status} needs a detail: {problem.ToJsonString()}");
        return detail!;
    }
}

public sealed class SqliteContractTests : ContractTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresContractTests : ContractTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gavel.Core.Data;
using Gavel.Images.Tests.Support;
using Gavel.Server.Tests.Images;
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

        // A field of the wrong type is a validation error naming the field, in words, not .NET type names.
        var wrongType = await ProblemAssert.IsProblemAsync(
            await anonymous.PostAsync("/api/estimates", new StringContent("""{"title": "Leica M3", "startingPrice": 400, "durationDays": 7, "condition": "mint"}""", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal(["condition"], wrongType["errors"]!.AsObject().Select(e => e.Key));
        Assert.DoesNotContain("System.", wrongType.ToJsonString(), StringComparison.Ordinal);
        var unreadable = await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/auctions?minPrice=cheap"), HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal(["minPrice"], unreadable["errors"]!.AsObject().Select(e => e.Key));
        Assert.DoesNotContain("Nullable", unreadable.ToJsonString(), StringComparison.Ordinal);
        await Detailed(await stranger.Client.PostAsync("/api/wallet/deposits", new StringContent("{", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "invalid_request");
        var noBody = await Detailed(await stranger.Client.PostAsync("/api/wallet/deposits", new StringContent("", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("needs a JSON body", noBody, StringComparison.Ordinal);
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

    [Fact]
    public async Task MoneyIsAJsonNumberInTheOpenApiDocumentAndOnTheWire()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var user = await app.CreateUserAsync();

        var document = await app.Anonymous().GetJsonAsync("/openapi/v1.json");
        var schemas = document["components"]!["schemas"]!.AsObject();
        var loose = new List<string>();
        foreach (var (name, schema) in schemas)
        {
            foreach (var (property, definition) in schema!["properties"]?.AsObject() ?? [])
            {
                var types = definition!["type"] is JsonArray many ? many.Select(t => (string)t!).ToList() : [(string?)definition["type"] ?? ""];
                if (types.Contains("string") && (types.Contains("number") || types.Contains("integer")))
                {
                    loose.Add($"{name}.{property}");
                }
            }
        }

        Assert.True(loose.Count == 0, "Numbers the document lets be strings: " + string.Join(", ", loose));
        var receipt = schemas["BidReceipt"]!["properties"]!.AsObject();
        Assert.Equal("number", (string?)receipt["currentPrice"]!["type"]);
        Assert.Equal("decimal", (string?)receipt["currentPrice"]!["format"]);

        // What the document says is what the server takes: an amount sent as a string is refused and moves nothing.
        var response = await user.Client.PostAsync("/api/wallet/deposits", new StringContent("""{"amount": "5"}""", Encoding.UTF8, "application/json"));
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal(["amount"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(0m, (await user.Client.GetJsonAsync("/api/wallet")).Decimal("balance"));
    }

    [Fact]
    public async Task TheGalleryListPagesLikeEveryOtherList()
    {
        await using var photos = await PhotoApp.StartAsync(Provider);
        var seller = await photos.App.CreateUserAsync();
        var auctionId = await photos.App.CreateLiveAuctionAsync(seller);
        var upload = await seller.Client.UploadAsync(
            auctionId, ("one.jpg", TestImages.CameraJpeg()), ("two.png", TestImages.PngWithAlpha()), ("three.webp", TestImages.WebP()));
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);

        var first = await seller.Client.GetJsonAsync($"/api/auctions/{auctionId}/images");
        Assert.Equal((3, 1, 20, 3), (first["items"]!.AsArray().Count, first["page"]!.GetValue<int>(), first["pageSize"]!.GetValue<int>(), first["totalCount"]!.GetValue<int>()));
        var second = await seller.Client.GetJsonAsync($"/api/auctions/{auctionId}/images?page=2&pageSize=2");
        Assert.Equal((1, 2, 2, 3), (second["items"]!.AsArray().Count, second["page"]!.GetValue<int>(), second["pageSize"]!.GetValue<int>(), second["totalCount"]!.GetValue<int>()));
        Assert.Equal(first["items"]![2]!["id"]!.GetValue<Guid>(), second["items"]![0]!["id"]!.GetValue<Guid>());
        await ProblemAssert.IsProblemAsync(await seller.Client.GetAsync($"/api/auctions/{auctionId}/images?page=0"), HttpStatusCode.BadRequest, "invalid_request");
        await ProblemAssert.IsProblemAsync(await seller.Client.GetAsync($"/api/auctions/{auctionId}/images?pageSize=101"), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task TheOpenApiDocumentNamesParametersAsClientsSendThem()
    {
        await using var app = await GavelApp.StartAsync(Provider);

        var document = await app.Anonymous().GetJsonAsync("/openapi/v1.json");

        var names = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                names.AddRange((operation!["parameters"]?.AsArray() ?? [])
                    .Where(p => (string?)p!["in"] == "query")
                    .Select(p => $"{method.ToUpperInvariant()} {path} {(string?)p!["name"]}"));
            }
        }

        Assert.Contains("GET /api/auctions q", names);
        Assert.Contains("GET /api/auctions categoryId", names);
        Assert.Contains("GET /api/auctions pageSize", names);
        Assert.Contains("GET /api/wallet/transactions page", names);
        Assert.All(names, n => Assert.True(char.IsLower(n.Split(' ')[2][0]), $"{n} is not camelCase"));

        foreach (var (path, method) in new[] { ("/api/wallet/deposits", "post"), ("/api/wallet/withdrawals", "post"), ("/api/auctions/{id}/bids", "post"), ("/api/auctions/{id}/buy-now", "post") })
        {
            var headers = document["paths"]![path]![method]!["parameters"]?.AsArray().Where(p => (string?)p!["in"] == "header").Select(p => (string?)p!["name"]);
            Assert.Contains("Idempotency-Key", headers ?? []);
        }
    }

    [Fact]
    public async Task TimesAreTakenOnlyWithAZoneAndAlwaysAnsweredInUtc()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var end = app.Clock.GetUtcNow().AddDays(2);
        var categoryId = await app.WithDbAsync(db => Task.FromResult(db.Categories.OrderBy(c => c.Id).First().Id));

        // Without a zone the time would depend on the server's own time zone.
        var unzoned = await seller.Client.PostAsync("/api/auctions", Listing($"{end:yyyy-MM-ddTHH:mm:ss}"));
        var problem = await ProblemAssert.IsProblemAsync(unzoned, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("with a zone", problem["errors"]!["endsAt"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var zoned = await seller.Client.PostAsync("/api/auctions", Listing($"{end.ToOffset(TimeSpan.FromHours(5.5)):yyyy-MM-ddTHH:mm:sszzz}"));
        Assert.Equal(HttpStatusCode.Created, zoned.StatusCode);
        var endsAt = (await zoned.ReadJsonAsync())["endsAt"]!.GetValue<string>();
        Assert.EndsWith("+00:00", endsAt, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(end.Year, end.Month, end.Day, end.Hour, end.Minute, end.Second, TimeSpan.Zero), DateTimeOffset.Parse(endsAt, System.Globalization.CultureInfo.InvariantCulture));

        var document = await app.Anonymous().GetJsonAsync("/openapi/v1.json");
        var schema = document["components"]!["schemas"]!["AuctionDetails"]!["properties"]!["endsAt"]!;
        Assert.Equal(("string", "date-time"), ((string?)schema["type"], (string?)schema["format"]));

        StringContent Listing(string endsAt) => new(
            $$"""{"title": "Desk lamp", "description": "Brass.", "categoryId": {{categoryId}}, "startingPrice": 10, "endsAt": "{{endsAt}}"}""",
            Encoding.UTF8, "application/json");
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

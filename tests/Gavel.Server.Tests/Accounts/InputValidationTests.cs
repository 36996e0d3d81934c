using System.Net;
using System.Text;
using System.Text.Json;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Gavel.Server.Tests.Accounts.AccountsTestApi;

namespace Gavel.Server.Tests.Accounts;

/// <summary>Whatever a client sends, the answer is a 4xx ProblemDetails with a code, never a 5xx.</summary>
public sealed class InputValidationTests
{
    private static readonly string[] AuthPaths = ["/api/auth/register", "/api/auth/login", "/api/auth/refresh", "/api/auth/logout"];

    private static readonly string[] UnreadableBodies =
    [
        "{\"email\":",
        "not json",
        "[]",
        "null",
        "\"a string\"",
        "{\"email\":123,\"password\":true,\"displayName\":[],\"refreshToken\":{}}",
    ];

    [Fact]
    public async Task UnreadableBodiesAre400OnEveryAuthEndpoint()
    {
        await using var app = await GavelApp.StartAsync();
        var client = app.Anonymous();

        foreach (var path in AuthPaths)
        {
            foreach (var body in UnreadableBodies)
            {
                await AssertProblemAsync(await client.PostJsonTextAsync(path, body), HttpStatusCode.BadRequest, "invalid_request");
            }

            await AssertProblemAsync(await client.PostAsync(path, null, Ct), HttpStatusCode.BadRequest, "invalid_request");
            var notJson = await client.PostAsync(path, new StringContent("email=a", Encoding.UTF8, "application/x-www-form-urlencoded"), Ct);
            await AssertProblemAsync(notJson, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        }
    }

    [Fact]
    public async Task MissingFieldsAreListedOnEveryAuthEndpoint()
    {
        await using var app = await GavelApp.StartAsync();
        var client = app.Anonymous();
        var expectedFields = new Dictionary<string, string[]>
        {
            ["/api/auth/register"] = ["email", "password", "displayName"],
            ["/api/auth/login"] = ["email", "password"],
            ["/api/auth/refresh"] = ["refreshToken"],
            ["/api/auth/logout"] = ["refreshToken"],
        };

        foreach (var (path, fields) in expectedFields)
        {
            var problem = await AssertProblemAsync(await client.PostJsonTextAsync(path, "{}"), HttpStatusCode.BadRequest, "invalid_request");
            Assert.Equal(fields.Order(), ErrorFields(problem).Order());
        }
    }

    [Theory]
    [InlineData("", "email")]
    [InlineData("no-at-sign.example.com", "email")]
    [InlineData("two@@example.com", "email")]
    [InlineData("spaces in@example.com", "email")]
    [InlineData("nodomain@localhost", "email")]
    [InlineData("@example.com", "email")]
    public async Task RegistrationRejectsMalformedEmails(string email, string field)
    {
        await using var app = await GavelApp.StartAsync();

        var problem = await AssertProblemAsync(await app.Anonymous().PostRegisterAsync(email), HttpStatusCode.BadRequest, "invalid_request");

        Assert.Equal([field], ErrorFields(problem));
    }

    [Fact]
    public async Task RegistrationBoundsEveryFieldAndSaysWhy()
    {
        await using var app = await GavelApp.StartAsync();
        var client = app.Anonymous();
        var longEmail = new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".com";

        var shortPassword = await AssertProblemAsync(await client.PostRegisterAsync(NewEmail(), "eleven char"), HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("12", ErrorMessage(shortPassword, "password"), StringComparison.Ordinal);
        Assert.Contains("128", ErrorMessage(shortPassword, "password"), StringComparison.Ordinal);

        await AssertFieldRejectedAsync(await client.PostRegisterAsync(NewEmail(), new string('p', 129)), "password");
        await AssertFieldRejectedAsync(await client.PostRegisterAsync(longEmail), "email");
        await AssertFieldRejectedAsync(await client.PostRegisterAsync(NewEmail(), displayName: "   "), "displayName");
        await AssertFieldRejectedAsync(await client.PostRegisterAsync(NewEmail(), displayName: new string('d', 61)), "displayName");
        await AssertFieldRejectedAsync(await client.PostRegisterAsync(NewEmail(), displayName: "bell\a"), "displayName");

        // The limits are inclusive, and spaces around the display name do not count.
        await AssertStatusAsync(await client.PostRegisterAsync(NewEmail(), new string('p', 12), "   " + new string('d', 60) + "   "), HttpStatusCode.Created);
        await AssertStatusAsync(await client.PostRegisterAsync(NewEmail(), new string('p', 128), "d"), HttpStatusCode.Created);
    }

    /// <summary>
    /// Imported price history belongs to users under the reserved imported.invalid domain, found again by email on every
    /// import. Registered first with the address the import will compute, an account with a password would be handed
    /// every imported sale of that seller; .invalid addresses can never receive mail, so none is accepted.
    /// </summary>
    [Fact]
    public async Task RegistrationRefusesTheReservedAddressesOfImportedHistory()
    {
        await using var app = await GavelApp.StartAsync();
        var client = app.Anonymous();
        var squatted = Gavel.Pricing.Platform.ImportedUsers.Email(Gavel.Core.Pricing.ImportedAuction.AuctionCsv, "auction.csv seller");

        foreach (var email in new[] { squatted, squatted.ToUpperInvariant(), "someone@example.invalid" })
        {
            var problem = await AssertProblemAsync(await client.PostRegisterAsync(email), HttpStatusCode.BadRequest, "invalid_request");
            Assert.Equal(["email"], ErrorFields(problem));
            Assert.Contains(".invalid", ErrorMessage(problem, "email"), StringComparison.Ordinal);
        }

        Assert.Equal(0, await app.WithDbAsync(db => db.Users.CountAsync(Ct)));
    }

    [Fact]
    public async Task HugeStringsAreRefusedWithoutBeingHashed()
    {
        await using var app = await GavelApp.StartAsync();
        var client = app.Anonymous();
        var huge = new string('x', 1_000_000);

        await AssertFieldRejectedAsync(await client.PostRegisterAsync(huge + "@example.com", huge, huge), "email", "password", "displayName");
        await AssertFieldRejectedAsync(await client.PostLoginAsync(huge, huge), "email", "password");
        await AssertFieldRejectedAsync(await client.PostRefreshAsync(huge), "refreshToken");
        await AssertFieldRejectedAsync(await client.PostLogoutAsync(huge), "refreshToken");
    }

    [Fact]
    public async Task RegistrationTrimsEmailAndDisplayName()
    {
        await using var app = await GavelApp.StartAsync();

        var user = await app.Anonymous().RegisterAsync("  Trim.Me@Example.com ", displayName: "  Ann  ");

        Assert.Equal(("Trim.Me@Example.com", "Ann"), (user.Email, user.DisplayName));
    }

    private static async Task AssertFieldRejectedAsync(HttpResponseMessage response, params string[] fields)
    {
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal(fields.Order(), ErrorFields(problem).Order());
    }

    private static string[] ErrorFields(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name)];

    private static string ErrorMessage(JsonElement problem, string field) =>
        problem.GetProperty("errors").GetProperty(field)[0].GetString()!;
}

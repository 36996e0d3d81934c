using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gavel.Server.Tests.Infrastructure;
using static Gavel.Server.Tests.Accounts.AccountsTestApi;

namespace Gavel.Server.Tests.Admin;

public sealed class AdminCategoriesTests
{
    [Fact]
    public async Task AnAdminAddsACategoryUnderAParentAndEveryoneSeesItInTheTree()
    {
        await using var app = await GavelApp.StartAsync();
        var admin = await app.CreateUserAsync("root", admin: true);
        var parentId = await app.WithDbAsync(db => Task.FromResult(db.Categories.Single(c => c.Slug == "electronics").Id));

        var response = await admin.Client.PostAsJsonAsync("/api/admin/categories", new { name = "  Vintage Radios ", parentId }, Ct);

        await AssertStatusAsync(response, HttpStatusCode.Created);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("Vintage Radios", "vintage-radios"), (created.GetProperty("name").GetString(), created.GetProperty("slug").GetString()));
        var tree = await app.Anonymous().GetFromJsonAsync<JsonElement>("/api/categories", Ct);
        var electronics = tree.EnumerateArray().Single(c => c.GetProperty("slug").GetString() == "electronics");
        Assert.Contains(electronics.GetProperty("children").EnumerateArray(), c => c.GetProperty("slug").GetString() == "vintage-radios");
    }

    [Fact]
    public async Task DuplicatesBadInputAndNonAdminsAreRefusedWithProblemDetailsAndAddNothing()
    {
        await using var app = await GavelApp.StartAsync();
        var admin = await app.CreateUserAsync("root", admin: true);
        var user = await app.CreateUserAsync("bob");
        var before = await app.WithDbAsync(db => Task.FromResult(db.Categories.Count()));

        await AssertProblemAsync(await app.Anonymous().PostAsJsonAsync("/api/admin/categories", new { name = "Maps" }, Ct), HttpStatusCode.Unauthorized, "unauthorized");
        await AssertProblemAsync(await user.Client.PostAsJsonAsync("/api/admin/categories", new { name = "Maps" }, Ct), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await admin.Client.PostAsJsonAsync("/api/admin/categories", new { name = "board  GAMES" }, Ct), HttpStatusCode.Conflict, "category_exists");
        await AssertProblemAsync(await admin.Client.PostAsJsonAsync("/api/admin/categories", new { name = "" }, Ct), HttpStatusCode.BadRequest, "invalid_request");
        await AssertProblemAsync(await admin.Client.PostAsJsonAsync("/api/admin/categories", new { name = "& &" }, Ct), HttpStatusCode.BadRequest, "invalid_request");
        await AssertProblemAsync(await admin.Client.PostAsJsonAsync("/api/admin/categories", new { name = "!! ??" }, Ct), HttpStatusCode.BadRequest, "invalid_request");
        await AssertProblemAsync(await admin.Client.PostAsJsonAsync("/api/admin/categories", new { name = "Maps", parentId = 99_999 }, Ct), HttpStatusCode.BadRequest, "invalid_request");

        Assert.Equal(before, await app.WithDbAsync(db => Task.FromResult(db.Categories.Count())));
    }
}

using System.Net;
using System.Net.Http.Json;
using Gavel.Server.Tests.Infrastructure;
using static Gavel.Server.Tests.Accounts.AccountsTestApi;

namespace Gavel.Server.Tests.Admin;

public sealed class AdminUsersTests
{
    [Fact]
    public async Task AdminEndpointsAre401WithoutATokenAnd403ForAUser()
    {
        await using var app = await GavelApp.StartAsync();
        var user = await app.CreateUserAsync();
        var id = user.Id;
        (HttpMethod Method, string Path)[] endpoints =
        [
            (HttpMethod.Get, "/api/admin/users"),
            (HttpMethod.Post, $"/api/admin/users/{id}/suspend"),
            (HttpMethod.Post, $"/api/admin/users/{id}/restore"),
        ];

        foreach (var (method, path) in endpoints)
        {
            await AssertProblemAsync(await app.Anonymous().SendAsync(new HttpRequestMessage(method, path), Ct), HttpStatusCode.Unauthorized, "unauthorized");
            await AssertProblemAsync(await user.Client.SendAsync(new HttpRequestMessage(method, path), Ct), HttpStatusCode.Forbidden, "forbidden");
        }

        Assert.False(await app.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Id == id).IsSuspended)));
    }

    [Fact]
    public async Task ListsUsersPagedWithTheirState()
    {
        await using var app = await GavelApp.StartAsync();
        var admin = await app.CreateUserAsync("root", admin: true);
        foreach (var name in new[] { "alice", "bob", "carol", "dave" })
        {
            await app.CreateUserAsync(name);
        }

        var first = await admin.Client.GetFromJsonAsync<PagedDto<AdminUserDto>>("/api/admin/users?pageSize=3", Ct);
        var second = await admin.Client.GetFromJsonAsync<PagedDto<AdminUserDto>>("/api/admin/users?page=2&pageSize=3", Ct);

        Assert.Equal((1, 3, 5, 3), (first!.Page, first.PageSize, first.TotalCount, first.Items.Length));
        Assert.Equal((2, 3, 5, 2), (second!.Page, second.PageSize, second.TotalCount, second.Items.Length));
        var all = first.Items.Concat(second.Items).ToList();
        Assert.Equal(["alice", "bob", "carol", "dave", "root"], all.Select(u => u.DisplayName).Order());
        var root = all.Single(u => u.DisplayName == "root");
        Assert.Equal((admin.Id, "root@test.gavel", false, GavelApp.Epoch), (root.Id, root.Email, root.IsSuspended, root.CreatedAt));
        Assert.Equal(["user", "admin"], root.Roles);
        Assert.Equal(["user"], all.Single(u => u.DisplayName == "bob").Roles);
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=101")]
    [InlineData("page=-1")]
    [InlineData("page=abc")]
    public async Task OutOfRangePagingIs400(string query)
    {
        await using var app = await GavelApp.StartAsync();
        var admin = await app.CreateUserAsync(admin: true);

        await AssertProblemAsync(await admin.Client.GetAsync($"/api/admin/users?{query}", Ct), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task ASearchTermLongerThan100CharactersIs400()
    {
        await using var app = await GavelApp.StartAsync();
        var admin = await app.CreateUserAsync(admin: true);

        await AssertProblemAsync(await admin.Client.GetAsync($"/api/admin/users?q={new string('q', 101)}", Ct), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task SuspendingReturnsTheUserAndIsRepeatable()
    {
        await using var app = await GavelApp.StartAsync();
        var admin = await app.CreateUserAsync(admin: true);
        var user = await app.CreateUserAsync("target");

        var first = await admin.Client.PostAsync($"/api/admin/users/{user.Id}/suspend", null, Ct);
        var second = await admin.Client.PostAsync($"/api/admin/users/{user.Id}/suspend", null, Ct);

        foreach (var answer in new[] { first, second })
        {
            await AssertStatusAsync(answer, HttpStatusCode.OK);
            var body = (await answer.Content.ReadFromJsonAsync<AdminUserDto>(Ct))!;
            Assert.Equal((user.Id, true), (body.Id, body.IsSuspended));
        }

        await AssertStatusAsync(await user.Client.GetAsync("/api/me", Ct), HttpStatusCode.Unauthorized);
        var restored = await admin.Client.PostAsync($"/api/admin/users/{user.Id}/restore", null, Ct);
        Assert.False((await restored.Content.ReadFromJsonAsync<AdminUserDto>(Ct))!.IsSuspended);
        await AssertStatusAsync(await user.Client.GetAsync("/api/me", Ct), HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnAdminCannotSuspendThemself()
    {
        await using var app = await GavelApp.StartAsync();
        var admin = await app.CreateUserAsync(admin: true);

        await AssertProblemAsync(await admin.Client.PostAsync($"/api/admin/users/{admin.Id}/suspend", null, Ct), HttpStatusCode.Conflict, "cannot_suspend_self");
        await AssertStatusAsync(await admin.Client.GetAsync("/api/admin/users", Ct), HttpStatusCode.OK);
    }

    [Fact]
    public async Task UnknownUsersAre404()
    {
        await using var app = await GavelApp.StartAsync();
        var admin = await app.CreateUserAsync(admin: true);

        await AssertProblemAsync(await admin.Client.PostAsync($"/api/admin/users/{Guid.NewGuid()}/suspend", null, Ct), HttpStatusCode.NotFound, "user_not_found");
        await AssertProblemAsync(await admin.Client.PostAsync($"/api/admin/users/{Guid.NewGuid()}/restore", null, Ct), HttpStatusCode.NotFound, "user_not_found");
        await AssertProblemAsync(await admin.Client.PostAsync("/api/admin/users/not-a-guid/suspend", null, Ct), HttpStatusCode.NotFound, "not_found");
    }
}

internal sealed record AdminUserDto(Guid Id, string Email, string DisplayName, string[] Roles, bool IsSuspended, DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt);

internal sealed record PagedDto<T>(T[] Items, int Page, int PageSize, int TotalCount);

using System.Net.Http.Json;
using Gavel.Core.Data;
using Gavel.Server.Tests.Accounts;
using Gavel.Server.Tests.Infrastructure;
using static Gavel.Server.Tests.Accounts.AccountsTestApi;

namespace Gavel.Server.Tests.Admin;

/// <summary>Search runs on both providers: PostgreSQL compares text case-sensitively where SQLite's LIKE does not.</summary>
public abstract class AdminUserSearchTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task SearchMatchesEmailOrDisplayNameWhateverTheCase()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var admin = await app.CreateUserAsync("root", admin: true);
        await app.Anonymous().RegisterAsync("zed@example.com", displayName: "Zebra Keeper");
        await app.Anonymous().RegisterAsync("Keeper.Jones@example.com", displayName: "Jones");
        await app.CreateUserAsync("alice");

        async Task<string[]> Search(string q) =>
            [.. (await admin.Client.GetFromJsonAsync<PagedDto<AdminUserDto>>($"/api/admin/users?q={Uri.EscapeDataString(q)}", Ct))!.Items.Select(u => u.Email).Order()];

        Assert.Equal(["Keeper.Jones@example.com", "zed@example.com"], await Search("KEEPER"));
        Assert.Equal(["zed@example.com"], await Search("zebra"));
        Assert.Equal(["alice@test.gavel"], await Search(" ALI "));
        Assert.Empty(await Search("%"));
        Assert.Empty(await Search("nobody"));
    }
}

public sealed class SqliteAdminUserSearchTests : AdminUserSearchTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresAdminUserSearchTests : AdminUserSearchTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

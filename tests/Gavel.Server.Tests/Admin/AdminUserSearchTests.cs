using System.Net.Http.Json;
using Gavel.Core.Accounts;
using Gavel.Core.Data;
using Gavel.Server.Tests.Accounts;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Gavel.Server.Tests.Accounts.AccountsTestApi;

namespace Gavel.Server.Tests.Admin;

/// <summary>
/// Search runs on both providers: PostgreSQL compares text case-sensitively where SQLite's LIKE does not, and SQLite's
/// lower() knows only ASCII, so names are matched on a search form lower-cased by .NET.
/// </summary>
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

    [Fact]
    public async Task SearchIgnoresTheCaseOfLettersBeyondAsciiInNamesAndEmails()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var admin = await app.CreateUserAsync("root", admin: true);
        await app.Anonymous().RegisterAsync("emile@example.com", displayName: "émile Zola");
        await app.Anonymous().RegisterAsync("ÖZIL@example.com", displayName: "Mesut");
        await app.Anonymous().RegisterAsync("sigma@example.com", displayName: "ΣΩΚΡΆΤΗΣ");

        Assert.Equal(["emile@example.com"], await SearchAsync(admin, "ÉMILE"));
        Assert.Equal(["emile@example.com"], await SearchAsync(admin, "Émile zola"));
        Assert.Equal(["ÖZIL@example.com"], await SearchAsync(admin, "özil"));
        Assert.Equal(["sigma@example.com"], await SearchAsync(admin, "σωκράτ"));
        Assert.Empty(await SearchAsync(admin, "emile zola")); // letters that differ by more than case still differ
    }

    [Fact]
    public async Task UsersFromBeforeTheSearchColumnAreFoundWhateverTheCaseOnceTheDatabaseIsMigrated()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var admin = await app.CreateUserAsync("root", admin: true);
        await app.Anonymous().RegisterAsync("emile@example.com", displayName: "Émile");
        await app.Anonymous().RegisterAsync("bob@example.com", displayName: "Bob");

        // What the migration leaves for existing users: an empty search name, which SQL could not fill correctly.
        await app.WithDbAsync(db => db.Users.ExecuteUpdateAsync(s => s.SetProperty(u => u.NormalizedDisplayName, ""), Ct));
        Assert.Empty(await SearchAsync(admin, "émile"));

        var filled = await app.WithDbAsync(async db =>
        {
            await GavelDatabase.MigrateAsync(db, Ct);
            return await db.Users.Where(u => u.NormalizedDisplayName == "").CountAsync(Ct);
        });
        Assert.Equal(0, filled);
        Assert.Equal(["emile@example.com"], await SearchAsync(admin, "ÉMILE"));
        Assert.Equal(["bob@example.com"], await SearchAsync(admin, "BOB"));

        // Filling again finds nothing left to do.
        Assert.Equal(0, await app.WithDbAsync(db => UserSearchNames.FillMissingAsync(db, Ct)));
    }

    private static async Task<string[]> SearchAsync(TestUser admin, string q) =>
        [.. (await admin.Client.GetFromJsonAsync<PagedDto<AdminUserDto>>($"/api/admin/users?q={Uri.EscapeDataString(q)}", Ct))!.Items.Select(u => u.Email).Order()];
}

public sealed class SqliteAdminUserSearchTests : AdminUserSearchTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresAdminUserSearchTests : AdminUserSearchTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

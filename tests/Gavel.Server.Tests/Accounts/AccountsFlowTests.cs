using System.Net;
using System.Net.Http.Json;
using Gavel.Core.Data;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Gavel.Server.Tests.Accounts.AccountsTestApi;

namespace Gavel.Server.Tests.Accounts;

/// <summary>The accounts flows that depend on the database's behaviour, run on SQLite and on PostgreSQL.</summary>
public abstract class AccountsFlowTests
{
    protected abstract DatabaseProvider Provider { get; }

    private Task<GavelApp> StartAsync(Action<Dictionary<string, string?>>? configure = null) => GavelApp.StartAsync(Provider, configure);

    [Fact]
    public async Task RegisteredUserSignsInAndSeesThemselfWithRoles()
    {
        await using var app = await StartAsync();
        var email = NewEmail();

        var registered = await app.Anonymous().RegisterAsync(email, displayName: "Ann Example");
        var tokens = await app.Anonymous().LoginAsync(email);
        var me = (await app.WithToken(tokens.AccessToken).GetFromJsonAsync<UserDto>("/api/me", Ct))!;

        Assert.Equal(email, registered.Email);
        Assert.Equal(["user"], registered.Roles);
        Assert.Equal(GavelApp.Epoch, registered.CreatedAt);
        Assert.Equal("Bearer", tokens.TokenType);
        Assert.Equal(GavelApp.Epoch.AddMinutes(15), tokens.ExpiresAt);
        Assert.Equal((registered.Id, email, "Ann Example", GavelApp.Epoch), (me.Id, me.Email, me.DisplayName, me.CreatedAt));
        Assert.Equal(["user"], me.Roles);
        Assert.True(await app.WithDbAsync(db => db.Wallets.AnyAsync(w => w.UserId == registered.Id, Ct)), "registration creates the wallet row");
    }

    [Fact]
    public async Task EmailIsTakenWhateverItsCase()
    {
        await using var app = await StartAsync();
        await app.Anonymous().RegisterAsync("Case@Example.com");

        var again = await app.Anonymous().PostRegisterAsync(" case@EXAMPLE.com ");

        await AssertProblemAsync(again, HttpStatusCode.Conflict, "email_taken");
    }

    [Fact]
    public async Task ConcurrentRegistrationsOfOneEmailCreateOneUser()
    {
        await using var app = await StartAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => app.Anonymous().PostRegisterAsync("race@example.com", displayName: $"Racer {i}")));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        foreach (var answer in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            await AssertProblemAsync(answer, HttpStatusCode.Conflict, "email_taken");
        }

        Assert.Equal(1, await app.WithDbAsync(db => db.Wallets.CountAsync(Ct)));
    }

    [Fact]
    public async Task RefreshRotatesAndReplayingASpentTokenRevokesTheSession()
    {
        await using var app = await StartAsync();
        var (_, first, _) = await app.SignedInUserAsync();
        var client = app.Anonymous();

        var rotated = await client.PostRefreshAsync(first.RefreshToken);
        await AssertStatusAsync(rotated, HttpStatusCode.OK);
        var second = (await rotated.Content.ReadFromJsonAsync<TokenPair>(Ct))!;
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        await AssertStatusAsync(await app.WithToken(second.AccessToken).GetAsync("/api/me", Ct), HttpStatusCode.OK);

        // The spent token comes back: someone else has it, so the whole session ends, the new token included.
        await AssertProblemAsync(await client.PostRefreshAsync(first.RefreshToken), HttpStatusCode.Unauthorized, "invalid_refresh_token");
        await AssertProblemAsync(await client.PostRefreshAsync(second.RefreshToken), HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    [Fact]
    public async Task OnlyOneOfConcurrentRefreshesWithTheSameTokenSucceeds()
    {
        await using var app = await StartAsync();
        var (_, tokens, _) = await app.SignedInUserAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.Anonymous().PostRefreshAsync(tokens.RefreshToken)));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
    }

    [Fact]
    public async Task LogoutEndsTheSession()
    {
        await using var app = await StartAsync();
        var (_, tokens, _) = await app.SignedInUserAsync();

        var logout = await app.Anonymous().PostLogoutAsync(tokens.RefreshToken);

        await AssertStatusAsync(logout, HttpStatusCode.NoContent);
        await AssertProblemAsync(await app.Anonymous().PostRefreshAsync(tokens.RefreshToken), HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    [Fact]
    public async Task RepeatedFailuresLockTheAccountUntilTheLockoutPasses()
    {
        await using var app = await StartAsync(s => (s["Auth:MaxFailedLogins"], s["Auth:LockoutDuration"]) = ("3", "00:10:00"));
        var email = NewEmail();
        await app.Anonymous().RegisterAsync(email);

        for (var i = 0; i < 3; i++)
        {
            await AssertProblemAsync(await app.Anonymous().PostLoginAsync(email, "wrong password 123"), HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        await AssertProblemAsync(await app.Anonymous().PostLoginAsync(email), HttpStatusCode.Unauthorized, "invalid_credentials");
        app.Clock.Advance(TimeSpan.FromMinutes(9));
        await AssertProblemAsync(await app.Anonymous().PostLoginAsync(email), HttpStatusCode.Unauthorized, "invalid_credentials");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await AssertStatusAsync(await app.Anonymous().PostLoginAsync(email), HttpStatusCode.OK);
    }

    [Fact]
    public async Task ParallelFailedSignInsAllCountTowardsTheLockout()
    {
        await using var app = await StartAsync(s => s["Auth:MaxFailedLogins"] = "5");
        var email = NewEmail();
        await app.Anonymous().RegisterAsync(email);

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => app.Anonymous().PostLoginAsync(email, "wrong password 123")));

        await AssertProblemAsync(await app.Anonymous().PostLoginAsync(email), HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task SuspensionCutsOffEveryWayInAndRestoreLetsTheUserSignInAgain()
    {
        await using var app = await StartAsync();
        var admin = await app.CreateUserAsync("root", admin: true);
        var email = NewEmail();
        var (user, tokens, client) = await app.SignedInUserAsync(email);
        await AssertStatusAsync(await client.GetAsync("/api/me", Ct), HttpStatusCode.OK);

        await AssertStatusAsync(await admin.Client.PostAsync($"/api/admin/users/{user.Id}/suspend", null, Ct), HttpStatusCode.OK);

        await AssertStatusAsync(await client.GetAsync("/api/me", Ct), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await app.Anonymous().PostRefreshAsync(tokens.RefreshToken), HttpStatusCode.Unauthorized, "invalid_refresh_token");
        await AssertProblemAsync(await app.Anonymous().PostLoginAsync(email), HttpStatusCode.Unauthorized, "invalid_credentials");

        await AssertStatusAsync(await admin.Client.PostAsync($"/api/admin/users/{user.Id}/restore", null, Ct), HttpStatusCode.OK);

        var again = await app.Anonymous().LoginAsync(email);
        await AssertStatusAsync(await app.WithToken(again.AccessToken).GetAsync("/api/me", Ct), HttpStatusCode.OK);
        await AssertProblemAsync(await app.Anonymous().PostRefreshAsync(tokens.RefreshToken), HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    [Fact]
    public async Task BootstrapAdminIsCreatedAtStartUpAndCanAdminister()
    {
        await using var app = await StartAsync(s =>
        {
            s["Auth:BootstrapAdminEmail"] = "Boss@Example.com";
            s["Auth:BootstrapAdminPassword"] = "a long admin password";
        });

        var tokens = await app.Anonymous().LoginAsync("boss@example.com", "a long admin password");
        var admin = app.WithToken(tokens.AccessToken);
        var me = await admin.GetFromJsonAsync<UserDto>("/api/me", Ct);

        Assert.Equal(["user", "admin"], me!.Roles);
        await AssertStatusAsync(await admin.GetAsync("/api/admin/users", Ct), HttpStatusCode.OK);
        Assert.True(await app.WithDbAsync(db => db.Wallets.AnyAsync(w => w.UserId == me.Id, Ct)));
    }
}

public sealed class SqliteAccountsFlowTests : AccountsFlowTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresAccountsFlowTests : AccountsFlowTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

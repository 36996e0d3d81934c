using System.Net;
using System.Net.Http.Json;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Gavel.Server.Tests.Accounts.AccountsTestApi;

namespace Gavel.Server.Tests.Accounts;

public sealed class SessionTests
{
    [Fact]
    public async Task MeWithoutATokenIs401ProblemDetails()
    {
        await using var app = await GavelApp.StartAsync();

        await AssertProblemAsync(await app.Anonymous().GetAsync("/api/me", Ct), HttpStatusCode.Unauthorized, "unauthorized");
        await AssertProblemAsync(await app.WithToken("not.a.jwt").GetAsync("/api/me", Ct), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task AccessTokensExpireByTheServerClock()
    {
        await using var app = await GavelApp.StartAsync();
        var (_, tokens, client) = await app.SignedInUserAsync();

        app.Clock.Advance(TimeSpan.FromMinutes(14));
        await AssertStatusAsync(await client.GetAsync("/api/me", Ct), HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await AssertStatusAsync(await client.GetAsync("/api/me", Ct), HttpStatusCode.Unauthorized);

        // The refresh token outlives the access token: that is what it is for.
        await AssertStatusAsync(await app.Anonymous().PostRefreshAsync(tokens.RefreshToken), HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnExpiredRefreshTokenIsRefused()
    {
        await using var app = await GavelApp.StartAsync(configure: s => s["Auth:RefreshTokenLifetime"] = "01:00:00");
        var (_, tokens, _) = await app.SignedInUserAsync();

        app.Clock.Advance(TimeSpan.FromHours(1));

        await AssertProblemAsync(await app.Anonymous().PostRefreshAsync(tokens.RefreshToken), HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    [Fact]
    public async Task UnknownRefreshTokensAreRefusedAndLoggingThemOutSaysNothing()
    {
        await using var app = await GavelApp.StartAsync();

        await AssertProblemAsync(await app.Anonymous().PostRefreshAsync("made-up"), HttpStatusCode.Unauthorized, "invalid_refresh_token");
        await AssertStatusAsync(await app.Anonymous().PostLogoutAsync("made-up"), HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task LogoutEndsOnlyItsOwnSession()
    {
        await using var app = await GavelApp.StartAsync();
        var email = NewEmail();
        await app.Anonymous().RegisterAsync(email);
        var laptop = await app.Anonymous().LoginAsync(email);
        var phone = await app.Anonymous().LoginAsync(email);

        await AssertStatusAsync(await app.Anonymous().PostLogoutAsync(laptop.RefreshToken), HttpStatusCode.NoContent);

        await AssertStatusAsync(await app.Anonymous().PostRefreshAsync(laptop.RefreshToken), HttpStatusCode.Unauthorized);
        await AssertStatusAsync(await app.Anonymous().PostRefreshAsync(phone.RefreshToken), HttpStatusCode.OK);
    }

    [Fact]
    public async Task RefreshTokensAreStoredOnlyAsHashes()
    {
        await using var app = await GavelApp.StartAsync();
        var (_, tokens, _) = await app.SignedInUserAsync();

        var stored = await app.WithDbAsync(db => db.RefreshTokens.Select(t => t.TokenHash).ToListAsync(Ct));

        Assert.DoesNotContain(tokens.RefreshToken, stored);
        Assert.Single(stored);
    }

    [Fact]
    public async Task NoAnswerEverCarriesAPasswordHash()
    {
        await using var app = await GavelApp.StartAsync();
        var admin = await app.CreateUserAsync(admin: true);
        var email = NewEmail();

        var bodies = new List<string>
        {
            await (await app.Anonymous().PostRegisterAsync(email)).Content.ReadAsStringAsync(Ct),
            await (await app.Anonymous().PostRegisterAsync(email)).Content.ReadAsStringAsync(Ct),
            await (await app.Anonymous().PostLoginAsync(email, "wrong password!")).Content.ReadAsStringAsync(Ct),
        };
        var tokens = await app.Anonymous().LoginAsync(email);
        bodies.Add(await app.WithToken(tokens.AccessToken).GetStringAsync("/api/me", Ct));
        bodies.Add(await (await app.Anonymous().PostRefreshAsync(tokens.RefreshToken)).Content.ReadAsStringAsync(Ct));
        bodies.Add(await admin.Client.GetStringAsync("/api/admin/users", Ct));

        var hashes = await app.WithDbAsync(db => db.Users.Select(u => u.PasswordHash).ToListAsync(Ct));
        Assert.All(bodies, body =>
        {
            Assert.DoesNotContain("pbkdf2", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("passwordHash", body, StringComparison.OrdinalIgnoreCase);
            Assert.All(hashes, hash => Assert.DoesNotContain(hash, body, StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task RegistrationIgnoresAnAttemptToMakeOneselfAdmin()
    {
        await using var app = await GavelApp.StartAsync();
        var email = NewEmail();

        var response = await app.Anonymous().PostAsJsonAsync(
            "/api/auth/register", new { email, password = Password, displayName = "Mallory", isAdmin = true, roles = new[] { "admin" } }, Ct);

        await AssertStatusAsync(response, HttpStatusCode.Created);
        var tokens = await app.Anonymous().LoginAsync(email);
        await AssertProblemAsync(await app.WithToken(tokens.AccessToken).GetAsync("/api/admin/users", Ct), HttpStatusCode.Forbidden, "forbidden");
    }
}

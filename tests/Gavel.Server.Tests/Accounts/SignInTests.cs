using System.Net;
using Gavel.Core.Accounts;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Gavel.Server.Tests.Accounts.AccountsTestApi;

namespace Gavel.Server.Tests.Accounts;

public sealed class SignInTests
{
    [Fact]
    public async Task EveryRefusedSignInLooksTheSameWhetherOrNotTheEmailExists()
    {
        await using var app = await GavelApp.StartAsync(configure: s => s["Auth:MaxFailedLogins"] = "2");
        var admin = await app.CreateUserAsync(admin: true);
        var known = NewEmail();
        var suspended = NewEmail();
        await app.Anonymous().RegisterAsync(known);
        var suspendedUser = await app.Anonymous().RegisterAsync(suspended);
        await AssertStatusAsync(await admin.Client.PostAsync($"/api/admin/users/{suspendedUser.Id}/suspend", null, Ct), HttpStatusCode.OK);

        var unknownEmail = await app.Anonymous().PostLoginAsync("nobody@example.com");
        var wrongPassword = await app.Anonymous().PostLoginAsync(known, "not the password");
        var lockedOut = await app.Anonymous().PostLoginAsync(known, "not the password");
        var lockedOutRightPassword = await app.Anonymous().PostLoginAsync(known);
        var suspendedRightPassword = await app.Anonymous().PostLoginAsync(suspended);

        var expected = await unknownEmail.Content.ReadAsStringAsync(Ct);
        await AssertProblemAsync(unknownEmail, HttpStatusCode.Unauthorized, "invalid_credentials");
        foreach (var answer in new[] { wrongPassword, lockedOut, lockedOutRightPassword, suspendedRightPassword })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            Assert.Equal(expected, await answer.Content.ReadAsStringAsync(Ct));
            Assert.Equal(unknownEmail.Content.Headers.ContentType, answer.Content.Headers.ContentType);
        }
    }

    /// <summary>
    /// Accounts that cannot sign in (imported history, demo bidders) store no password hash. Refusing them without
    /// hashing answered in about no time while an unknown email spent a whole hash, so timing told which emails exist.
    /// </summary>
    [Fact]
    public async Task AnAccountWithoutAPasswordIsRefusedAsSlowlyAsAnUnknownEmail()
    {
        await using var app = await GavelApp.StartAsync(configure: s =>
        {
            s["Auth:PasswordHashIterations"] = "200000";
            s["Auth:MaxFailedLogins"] = "100";
        });
        var imported = $"{Guid.NewGuid():N}@imported.invalid";
        await app.WithDbAsync(db =>
        {
            db.Users.Add(new User
            {
                Email = imported, NormalizedEmail = imported, DisplayName = "Someone (imported)",
                PasswordHash = "!imported-no-sign-in", IsSuspended = true, CreatedAt = app.Clock.GetUtcNow(),
            });
            return db.SaveChangesAsync(Ct);
        });
        await app.Anonymous().PostLoginAsync("warm-up@example.com");

        var unknown = await MedianSignInTimeAsync(app, "nobody-here@example.com");
        var noPassword = await MedianSignInTimeAsync(app, imported);

        Assert.True(noPassword >= unknown * 0.5, $"An account without a password was refused in {noPassword.TotalMilliseconds:0} ms, an unknown email in {unknown.TotalMilliseconds:0} ms.");
    }

    private static async Task<TimeSpan> MedianSignInTimeAsync(GavelApp app, string email)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var response = await app.Anonymous().PostLoginAsync(email, "some guess at a password");
            times.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started));
            await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        return times.Order().ElementAt(times.Count / 2);
    }

    [Fact]
    public async Task EmailMatchesWhateverItsCaseAndSurroundingSpaces()
    {
        await using var app = await GavelApp.StartAsync();
        await app.Anonymous().RegisterAsync("Mixed.Case@Example.com");

        await AssertStatusAsync(await app.Anonymous().PostLoginAsync("  mixed.case@EXAMPLE.COM "), HttpStatusCode.OK);
    }

    [Fact]
    public async Task ASuccessfulSignInForgetsEarlierFailures()
    {
        await using var app = await GavelApp.StartAsync(configure: s => s["Auth:MaxFailedLogins"] = "3");
        var email = NewEmail();
        await app.Anonymous().RegisterAsync(email);

        foreach (var round in new[] { 1, 2 })
        {
            await app.Anonymous().PostLoginAsync(email, $"wrong password {round}");
            await app.Anonymous().PostLoginAsync(email, $"wrong password {round}");
            await AssertStatusAsync(await app.Anonymous().PostLoginAsync(email), HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task SignInUpgradesAHashMadeWithOtherIterations()
    {
        await using var app = await GavelApp.StartAsync();
        var email = NewEmail();
        var user = await app.Anonymous().RegisterAsync(email);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, new PasswordHasher(500).Hash(Password)), Ct));

        await AssertStatusAsync(await app.Anonymous().PostLoginAsync(email), HttpStatusCode.OK);

        var hash = await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.PasswordHash).SingleAsync(Ct));
        Assert.StartsWith("pbkdf2-sha256$1000$", hash, StringComparison.Ordinal);
        await AssertStatusAsync(await app.Anonymous().PostLoginAsync(email), HttpStatusCode.OK);
    }

    [Fact]
    public async Task AuthRequestsOverTheLimitAreRefusedWith429AndRetryAfter()
    {
        await using var app = await GavelApp.StartAsync(configure: s => s["RateLimits:AuthPermitLimit"] = "3");
        var client = app.Anonymous();

        for (var i = 0; i < 3; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.PostLoginAsync("someone@example.com")).StatusCode);
        }

        var refused = await client.PostRegisterAsync(NewEmail());

        await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = Assert.Single(refused.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
    }

    [Fact]
    public async Task TheBootstrapAdminEmailOfAnExistingUserDoesNotPromoteThem()
    {
        await using var app = await GavelApp.StartAsync();
        var squatter = await app.Anonymous().RegisterAsync("boss@example.com");
        var hasher = new PasswordHasher(1000);

        var outcome = await app.WithDbAsync(db => UserRegistration.EnsureAdminAsync(db, hasher, app.Clock, "BOSS@example.com", "a long admin password", Ct));
        var again = await app.WithDbAsync(db => UserRegistration.EnsureAdminAsync(db, hasher, app.Clock, "admin@example.com", "a long admin password", Ct));
        var twice = await app.WithDbAsync(db => UserRegistration.EnsureAdminAsync(db, hasher, app.Clock, "admin@example.com", "a long admin password", Ct));

        Assert.Equal(BootstrapOutcome.ExistsNotAdmin, outcome);
        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.Id == squatter.Id).Select(u => u.IsAdmin).SingleAsync(Ct)));
        Assert.Equal((BootstrapOutcome.Created, BootstrapOutcome.AlreadyAdmin), (again, twice));
    }

    [Theory]
    [InlineData("admin@example.com", "short")]
    [InlineData("admin@example.com", null)]
    [InlineData("not an email", "a long admin password")]
    public async Task AWeakOrHalfSetBootstrapAdminStopsStartUp(string? email, string? password)
    {
        var startup = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var app = await GavelApp.StartAsync(configure: s =>
            {
                s["Auth:BootstrapAdminEmail"] = email;
                s["Auth:BootstrapAdminPassword"] = password;
            });
        });

        Assert.Contains("BootstrapAdmin", startup.ToString(), StringComparison.Ordinal);
    }
}

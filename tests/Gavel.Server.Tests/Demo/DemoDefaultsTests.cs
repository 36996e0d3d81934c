using System.Net;
using Gavel.Server.Demo;
using Gavel.Server.Tests.Accounts;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Tests.Demo;

/// <summary>
/// The demo seeds an admin whose password is printed in the README. A server that is not a developer's machine must
/// never start with that account: seeding is off by default there, and turning it on needs a password of one's own.
/// </summary>
public sealed class DemoDefaultsTests
{
    [Fact]
    public async Task InProductionNothingIsSeededUnlessAskedSoThereIsNoDemoAdminToSignInAs()
    {
        await using var app = await GavelApp.StartAsync(configure: s =>
        {
            s["environment"] = "Production";
            s.Remove("Demo:Seed");
        });

        var answer = await app.Anonymous().PostLoginAsync("admin@demo.gavel", DemoOptions.PublicPassword);

        await AccountsTestApi.AssertProblemAsync(answer, HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(0, await app.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task SeedingOutsideDevelopmentWithThePublishedPasswordStopsStartUp()
    {
        var startup = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var app = await GavelApp.StartAsync(configure: s =>
            {
                s["environment"] = "Production";
                s["Demo:Seed"] = "true";
            });
        });

        Assert.Contains("Demo:Password", startup.ToString(), StringComparison.Ordinal);
    }
}

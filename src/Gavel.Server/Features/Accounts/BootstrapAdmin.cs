using Gavel.Core.Accounts;
using Gavel.Core.Data;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Accounts;

/// <summary>
/// Creates the admin named by Auth:BootstrapAdminEmail/Password when no user has that email, so a fresh
/// install can be administered. A hosted service starts after Program.cs has prepared (migrated) the
/// database and before the server takes requests.
/// </summary>
internal sealed class BootstrapAdmin(
    IServiceScopeFactory scopes, IOptions<AuthOptions> options, PasswordHasher hasher, TimeProvider clock, ILogger<BootstrapAdmin> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value is not { BootstrapAdminEmail: { Length: > 0 } email, BootstrapAdminPassword: { Length: > 0 } password })
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GavelDbContext>();
        var outcome = await UserRegistration.EnsureAdminAsync(db, hasher, clock, email, password, cancellationToken);
        switch (outcome)
        {
            case BootstrapOutcome.Created:
                logger.LogInformation("Created the bootstrap admin {Email}.", email);
                break;
            case BootstrapOutcome.ExistsNotAdmin:
                logger.LogWarning(
                    "Auth:BootstrapAdminEmail {Email} belongs to an existing user who is not an admin; it was not promoted. Choose another email or promote the user deliberately.",
                    email);
                break;
            case BootstrapOutcome.AlreadyAdmin:
            default:
                break;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

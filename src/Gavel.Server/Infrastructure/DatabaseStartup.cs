using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Server.Demo;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Infrastructure;

internal static class DatabaseStartup
{
    /// <summary>Migrates (when configured) and seeds demo data once, before the server takes requests.</summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GavelDbContext>();
        if (scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            await GavelDatabase.MigrateAsync(db, ct);
        }

        await DefaultCategories.EnsureAsync(db, ct);
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(ct);
    }
}

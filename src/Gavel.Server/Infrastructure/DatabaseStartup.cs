using System.Diagnostics;
using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Server.Demo;
using Gavel.Server.Workers;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Infrastructure;

internal static class DatabaseStartup
{
    /// <summary>
    /// Migrates (when configured) and seeds demo data once, before the server takes requests. A server started beside
    /// its database (a machine booting, a deploy of both, PostgreSQL restarting) waits for it up to
    /// <see cref="DatabaseOptions.StartupWait"/>, saying so in the log, instead of exiting with a stack trace at the first
    /// refused connection. Migrations and categories pick up where a failed attempt stopped; the demo seeder only ever
    /// seeds a database with no users (it is meant for the embedded database, which is never away).
    /// </summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, CancellationToken ct)
    {
        var wait = services.GetRequiredService<IOptions<DatabaseOptions>>().Value.StartupWait;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseStartup).FullName!);
        var backoff = new RetryBackoff("Start-up", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), logger);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await PrepareOnceAsync(services, ct);
                backoff.Succeeded();
                return;
            }
            catch (Exception ex) when (DatabaseFailures.IsUnavailable(ex))
            {
                if (waited.Elapsed >= wait || ct.IsCancellationRequested)
                {
                    logger.LogCritical(
                        "The database stayed unavailable for {Waited:0} s (Database:StartupWait is {Wait}); the server stops: {Reason}",
                        waited.Elapsed.TotalSeconds, wait, ex.GetBaseException().Message);
                    throw;
                }

                // Real time on purpose: this waits for a process, it decides nothing about auctions.
                await Task.Delay(backoff.Failed(ex), ct);
            }
        }
    }

    private static async Task PrepareOnceAsync(IServiceProvider services, CancellationToken ct)
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

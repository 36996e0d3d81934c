using System.Data.Common;
using System.Net.Sockets;
using Gavel.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Gavel.Cli.Infrastructure;

/// <summary>
/// The configured database, registered exactly as the server registers it (<see cref="GavelDatabase.AddGavelDatabase"/>),
/// with a description of where it is that never shows a password, and database failures turned into one-line errors.
/// </summary>
internal sealed class CliDatabase : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly AsyncServiceScope scope;

    private CliDatabase(ServiceProvider services, DatabaseProvider provider, string target)
    {
        this.services = services;
        scope = services.CreateAsyncScope();
        Db = scope.ServiceProvider.GetRequiredService<GavelDbContext>();
        Provider = provider;
        Target = target;
    }

    public GavelDbContext Db { get; }

    public DatabaseProvider Provider { get; }

    /// <summary>Where the database is, safe to print: a file path, or user@host:port/database.</summary>
    public string Target { get; }

    public static CliDatabase Open(IConfiguration configuration)
    {
        var provider = ReadProvider(configuration);
        var connectionString = configuration.GetConnectionString("Gavel");
        if (provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new CliException($"{CliConfiguration.ProviderKey} is Postgres but {CliConfiguration.ConnectionKey} is not set; pass --connection or set ConnectionStrings__Gavel.");
        }

        try
        {
            var target = Describe(provider, connectionString ?? DatabaseOptions.DefaultSqlite);
            var services = new ServiceCollection()
                .AddSingleton(configuration)
                .AddGavelDatabase(configuration)
                .BuildServiceProvider();
            return new CliDatabase(services, provider, target);
        }
        catch (ArgumentException ex)
        {
            throw new CliException($"{CliConfiguration.ConnectionKey} is not a valid {provider} connection string: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot create the folder for the SQLite database: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Runs database work, turning a failure to connect or a database error into a <see cref="CliException"/>.
    /// A <see cref="CliException"/> the work throws (about a file, say) passes through as it is.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<GavelDbContext, Task<T>> work)
    {
        try
        {
            return await work(Db);
        }
        catch (Exception ex) when (ex is not CliException && DatabaseCause(ex) is { } cause)
        {
            var detail = CliException.OneLine(cause);
            throw IsConnectionFailure(cause)
                ? new CliException($"Cannot connect to the {Provider} database {Target}: {detail}. Check {CliConfiguration.ConnectionKey} and {ConnectionHint}.", ex)
                : new CliException($"The {Provider} database {Target} failed: {detail}", ex);
        }
    }

    /// <summary>
    /// For commands that work on data: fails, telling the operator to run `gavel db migrate`, when the database
    /// is missing or has pending migrations. Commands never migrate on their own.
    /// </summary>
    public async Task RequireCurrentSchemaAsync(CancellationToken ct)
    {
        var (exists, pending) = await RunAsync(async db =>
            (await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct), (await db.Database.GetPendingMigrationsAsync(ct)).ToList()));
        if (!exists)
        {
            throw new CliException($"The {Provider} database {Target} does not exist yet; run `gavel db migrate` to create it.");
        }

        if (pending.Count > 0)
        {
            throw new CliException(
                $"The {Provider} database {Target} has {pending.Count} pending migration(s) ({string.Join(", ", pending)}); run `gavel db migrate` first.");
        }
    }

    /// <summary>SQLite has no server to start: what stops it opening a file is the file's place and permissions.</summary>
    private string ConnectionHint => Provider == DatabaseProvider.Sqlite
        ? "that the database file's folder exists and this user may write there"
        : "that the database server is running";

    public async ValueTask DisposeAsync()
    {
        await scope.DisposeAsync();
        await services.DisposeAsync();
    }

    private static DatabaseProvider ReadProvider(IConfiguration configuration)
    {
        var value = configuration[CliConfiguration.ProviderKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Sqlite;
        }

        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new CliException($"{CliConfiguration.ProviderKey} is '{value}'; use Sqlite or Postgres.");
    }

    private static string Describe(DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var pg = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{pg.Username ?? "(default user)"}@{pg.Host ?? "(default host)"}:{pg.Port}/{pg.Database ?? "(default database)"}";
        }

        var sqlite = new SqliteConnectionStringBuilder(connectionString);
        return sqlite.Mode == SqliteOpenMode.Memory || sqlite.DataSource is "" or ":memory:"
            ? "(in memory)"
            : Path.GetFullPath(sqlite.DataSource);
    }

    /// <summary>
    /// The database's own error inside EF's wrappers: DbUpdateException says only "see the inner exception",
    /// and Npgsql's execution strategy wraps connection failures in an InvalidOperationException.
    /// </summary>
    private static Exception? DatabaseCause(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is DbException or SocketException or TimeoutException or IOException or UnauthorizedAccessException)
            {
                return e;
            }
        }

        return null;
    }

    private static bool IsConnectionFailure(Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState.StartsWith("28", StringComparison.Ordinal) || pg.SqlState == PostgresErrorCodes.InvalidCatalogName,
        NpgsqlException => true,
        SqliteException sqlite => sqlite.SqliteErrorCode is 14, // SQLITE_CANTOPEN
        _ => ex is SocketException or TimeoutException,
    };
}

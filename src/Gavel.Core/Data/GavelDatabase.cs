using System.Data.Common;
using Gavel.Core.Accounts;
using Gavel.Core.Auctions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Gavel.Core.Data;

public static class GavelDatabase
{
    /// <summary>
    /// Registers <see cref="GavelDbContext"/> for the provider named by Database:Provider, on
    /// ConnectionStrings:Gavel (default: SQLite at data/gavel.db). Server and CLI share this. Interceptors registered as
    /// <see cref="IInterceptor"/> singletons (the server's after-commit publisher) are added to every context.
    /// </summary>
    public static IServiceCollection AddGavelDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var provider = configuration.GetValue(DatabaseOptions.Section + ":Provider", DatabaseProvider.Sqlite);
        var connectionString = configuration.GetConnectionString("Gavel");
        if (provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Gavel is not set.");
            }

            var postgres = WithAutoPrepare(connectionString);
            services.AddDbContext<GavelDbContext, PostgresGavelDbContext>((sp, o) => o.UseNpgsql(postgres).AddInterceptors(sp.GetServices<IInterceptor>()));
        }
        else
        {
            var sqlite = PrepareSqlite(connectionString ?? DatabaseOptions.DefaultSqlite);
            services.AddDbContext<GavelDbContext, SqliteGavelDbContext>((sp, o) => o.UseSqlite(sqlite).AddInterceptors(sp.GetServices<IInterceptor>()));
        }

        return services;
    }

    /// <summary>
    /// Turns on Npgsql's automatic preparation unless the connection string chooses (Max Auto Prepare=0 turns it
    /// off): the bid path repeats the same dozen statements, and preparing them saved about a fifth of the database's
    /// CPU per bid (docs/BENCHMARKS.md). Each prepared statement lives on one pooled connection.
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        // NpgsqlConnectionStringBuilder.ContainsKey answers whether a keyword exists at all, so read the raw keys.
        var raw = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (raw.Keys.Cast<string>().Any(key => key.Replace(" ", string.Empty, StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64 }.ConnectionString;
    }

    /// <summary>Creates the folder of a file database and sets a busy timeout so other processes (the CLI) wait rather than fail.</summary>
    public static string PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }
        }

        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }

        return builder.ToString();
    }

    /// <summary>
    /// Applies pending migrations; for SQLite also turns on WAL so readers never wait for the writer. Then fills the
    /// columns the app keeps that SQL cannot derive (<see cref="FillDerivedColumnsAsync"/>).
    /// </summary>
    public static async Task MigrateAsync(GavelDbContext db, CancellationToken ct)
    {
        if (db.Provider == DatabaseProvider.Postgres && await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct))
        {
            // On PostgreSQL, EF reads the migrations history before it creates the table, and logs the failure as an
            // error ("Failed executing DbCommand ... __EFMigrationsHistory") on every new database, which sends an
            // operator looking for a fault on the first start. Creating the table first (what EF does next anyway)
            // keeps that log true. A database that does not exist yet is created by MigrateAsync itself.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
        }

        await db.Database.MigrateAsync(ct);
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }

        await FillDerivedColumnsAsync(db, ct);
    }

    /// <summary>
    /// Fills the columns the app keeps that a migration cannot compute in SQL, for rows written before they existed
    /// (or, during a rolling upgrade, by a server that does not know them): the .NET lower-cased display names of users
    /// and the folded search text (markup read, accents dropped) of auctions. Idempotent; returns how many rows it filled.
    /// </summary>
    public static async Task<int> FillDerivedColumnsAsync(GavelDbContext db, CancellationToken ct) =>
        await UserSearchNames.FillMissingAsync(db, ct) + await AuctionSearchTexts.FillMissingAsync(db, ct);
}

/// <summary>Lets `dotnet ef migrations add --context SqliteGavelDbContext` build the model without the server.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteGavelDbContext>
{
    public SqliteGavelDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteGavelDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresGavelDbContext>
{
    public PostgresGavelDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresGavelDbContext>().UseNpgsql("Host=localhost;Database=gavel_design").Options);
}

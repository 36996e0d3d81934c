using Gavel.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Cli.Tests.Infrastructure;

/// <summary>A SQLite file of its own in a temporary folder; the folder is removed afterwards.</summary>
internal sealed class SqliteTestDatabase : IDisposable
{
    public SqliteTestDatabase()
    {
        Folder = Directory.CreateTempSubdirectory("gavel-cli-test-").FullName;
        FilePath = Path.Combine(Folder, "data", "gavel.db");
        ConnectionString = $"Data Source={FilePath}";
    }

    public string Folder { get; }

    public string FilePath { get; }

    public string ConnectionString { get; }

    /// <summary>Arguments that point gavel at this database, with a hash cost low enough for tests.</summary>
    public string[] Args(params string[] args) =>
        [.. args, "--connection", ConnectionString, "--Auth:PasswordHashIterations=1000"];

    public SqliteGavelDbContext Open() =>
        new(new DbContextOptionsBuilder<SqliteGavelDbContext>().UseSqlite(ConnectionString).Options);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleaning; never worth failing a test over.
        }
    }
}

using System.ComponentModel.DataAnnotations;

namespace Gavel.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public const string DefaultSqlite = "Data Source=data/gavel.db";

    [Required]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply migrations at start-up. On by default for the embedded database; production runs `gavel db migrate`.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// How long a starting server waits for an unreachable database (started beside it, or restarting) before it
    /// gives up and exits; zero gives up at the first refusal.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan StartupWait { get; set; } = TimeSpan.FromMinutes(1);
}

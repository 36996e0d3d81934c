using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gavel.Core.Data;

/// <summary>
/// Tells "the database is briefly away or busy, try again" from every other failure. Only the first is a 503 for a
/// request and a wait for a worker; anything else (a bad statement, a constraint, a bug) stays an error.
/// </summary>
public static class DatabaseFailures
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    /// <summary>
    /// Whether <paramref name="exception"/> (or one it wraps: EF Core puts a connection failure inside an
    /// InvalidOperationException or a DbUpdateException) says the database could not be reached or used for now:
    /// PostgreSQL refusing or dropping the connection, restarting, not yet accepting connections or out of connection
    /// slots; a connection or pool timeout; SQLite busy or locked by another process after its busy timeout.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (Exception? ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                // A server error: transient only when it says the server or the connection is going away. Others marked
                // transient (serialization failures, deadlocks) are retried where they happen and are not an outage.
                case PostgresException postgres:
                    return IsUnavailableState(postgres.SqlState);

                // Npgsql's own errors are transient exactly when the network or a timeout failed them (IOException,
                // SocketException, TimeoutException, a timed-out pool): never for a bad command.
                case NpgsqlException npgsql:
                    return npgsql.IsTransient;

                case SqliteException sqlite:
                    return sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked;

                case DbException:
                    return false;
            }
        }

        return false;
    }

    private static bool IsUnavailableState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) // connection exception
        || state is "57P01" or "57P02" or "57P03" // admin shutdown, crash shutdown, cannot connect now (starting or in recovery)
        || state is "53300"; // too many connections
}

using System.Net.Sockets;
using Gavel.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Gavel.Core.Tests.Data;

/// <summary>Only "the database is away or busy" may become a 503 or a worker's quiet wait; a real failure stays an error.</summary>
public sealed class DatabaseFailuresTests
{
    [Fact]
    public void ARefusedConnectionWrappedByEfCoreIsUnavailable()
    {
        var refused = new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused));

        Assert.True(DatabaseFailures.IsUnavailable(new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", refused)));
        Assert.True(DatabaseFailures.IsUnavailable(new DbUpdateException("An error occurred while saving the entity changes.", refused)));
    }

    [Fact]
    public void ADroppedConnectionOrATimeoutIsUnavailable()
    {
        Assert.True(DatabaseFailures.IsUnavailable(new NpgsqlException("Exception while reading from stream", new IOException("Connection reset"))));
        Assert.True(DatabaseFailures.IsUnavailable(new NpgsqlException("The operation has timed out", new TimeoutException())));
    }

    [Theory]
    [InlineData("57P01")] // admin shutdown: a restart
    [InlineData("57P03")] // cannot connect now: starting up or in recovery
    [InlineData("08006")] // connection failure
    [InlineData("53300")] // too many connections
    public void PostgreSqlGoingAwayIsUnavailable(string sqlState) =>
        Assert.True(DatabaseFailures.IsUnavailable(new PostgresException("going away", "FATAL", "FATAL", sqlState)));

    [Theory]
    [InlineData("42601")] // a syntax error: our bug
    [InlineData("23505")] // a unique violation
    [InlineData("40001")] // a serialization failure: retried where it happens, not an outage
    [InlineData("42P01")] // a missing table: a deployment without its migration
    public void OtherPostgreSqlErrorsAreNot(string sqlState) =>
        Assert.False(DatabaseFailures.IsUnavailable(new InvalidOperationException("wrapped", new PostgresException("bug", "ERROR", "ERROR", sqlState))));

    [Fact]
    public void FailuresThatAreNotTheDatabasesAreNot()
    {
        Assert.False(DatabaseFailures.IsUnavailable(new NpgsqlException("A command is already in progress")));
        Assert.False(DatabaseFailures.IsUnavailable(new InvalidOperationException("Sequence contains no elements")));
        Assert.False(DatabaseFailures.IsUnavailable(new TimeoutException("an HTTP call timed out")));
        Assert.False(DatabaseFailures.IsUnavailable(new IOException("a file could not be written")));
    }

    [Fact]
    public void SqliteBusyOrLockedIsUnavailableButAConstraintIsNot()
    {
        Assert.True(DatabaseFailures.IsUnavailable(new SqliteException("database is locked", 5)));
        Assert.True(DatabaseFailures.IsUnavailable(new SqliteException("database table is locked", 6)));
        Assert.False(DatabaseFailures.IsUnavailable(new SqliteException("UNIQUE constraint failed", 19)));
        Assert.False(DatabaseFailures.IsUnavailable(new DbUpdateException("save failed", new SqliteException("FOREIGN KEY constraint failed", 19))));
    }
}

using System.Collections.Concurrent;
using Gavel.Core.Auctions;
using Gavel.Core.Wallet;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Gavel.Core.Data;

/// <summary>
/// SQLite has no decimal and cannot compare DateTimeOffset in SQL, so money is stored as integer cents and
/// times as UTC ticks: both order and compare correctly, and sums of cents are exact.
/// </summary>
public sealed class SqliteGavelDbContext(DbContextOptions<SqliteGavelDbContext> options) : GavelDbContext(options)
{
    private static readonly ConcurrentDictionary<string, WriteGate> WriteGates = new();

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override async Task<WriteTransaction> BeginWriteAsync(WritePriority priority, CancellationToken ct)
    {
        var gate = await WriteGates.GetOrAdd(Database.GetConnectionString() ?? string.Empty, _ => new WriteGate()).EnterAsync(priority, ct);
        try
        {
            // Microsoft.Data.Sqlite begins IMMEDIATE transactions: the write lock is taken up front.
            var transaction = await Database.BeginTransactionAsync(ct);
            return new WriteTransaction(transaction, gate);
        }
        catch
        {
            gate.Dispose();
            throw;
        }
    }

    public override Task<List<Auction>> LockAuctionsAsync(IReadOnlyCollection<Guid> auctionIds, CancellationToken ct) =>
        Auctions.Where(a => auctionIds.Contains(a.Id)).OrderBy(a => a.Id).ToListAsync(ct);

    public override Task<Auction?> LockAuctionAsync(Guid auctionId, CancellationToken ct) =>
        Auctions.FirstOrDefaultAsync(a => a.Id == auctionId, ct);

    protected override IQueryable<UserWallet> QueryWalletsForUpdate(Guid[] orderedIds) =>
        Wallets.Where(w => orderedIds.Contains(w.UserId));

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<decimal>().HaveConversion<CentsConverter>();
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        EnumsAsStrings.Apply(configurationBuilder);
    }

    private sealed class CentsConverter() : ValueConverter<decimal, long>(
        v => (long)decimal.Round(v * 100m, 0, MidpointRounding.AwayFromZero),
        v => v / 100m);

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}

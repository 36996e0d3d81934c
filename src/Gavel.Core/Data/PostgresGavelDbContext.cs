using System.Data;
using Gavel.Core.Auctions;
using Gavel.Core.Wallet;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Core.Data;

/// <summary>PostgreSQL: writers run in parallel; SELECT ... FOR UPDATE serialises them per auction and per wallet,
/// across every server process that shares the database.</summary>
/// <remarks>
/// Each locking query is composed (the trailing OrderBy), so EF wraps it and names every column in the outer SELECT.
/// Statements are prepared automatically (<see cref="GavelDatabase.WithAutoPrepare"/>), and a prepared bare
/// <c>SELECT *</c> fails with "cached plan must not change result type" once a migration adds a column while the
/// server runs; a named column list keeps its result type.
/// </remarks>
public sealed class PostgresGavelDbContext(DbContextOptions<PostgresGavelDbContext> options) : GavelDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override async Task<WriteTransaction> BeginWriteAsync(WritePriority priority, CancellationToken ct) =>
        new(await Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct), null);

    public override async Task<Auction?> LockAuctionAsync(Guid auctionId, CancellationToken ct)
    {
        var rows = await Auctions
            .FromSql($"""SELECT * FROM "Auctions" WHERE "Id" = {auctionId} FOR UPDATE""")
            .OrderBy(a => a.Id)
            .ToListAsync(ct);
        return rows.SingleOrDefault();
    }

    public override Task<List<Auction>> LockAuctionsAsync(IReadOnlyCollection<Guid> auctionIds, CancellationToken ct)
    {
        var ids = auctionIds.ToArray();
        return Auctions.FromSql($"""SELECT * FROM "Auctions" WHERE "Id" = ANY({ids}) ORDER BY "Id" FOR UPDATE""").OrderBy(a => a.Id).ToListAsync(ct);
    }

    protected override IQueryable<UserWallet> QueryWalletsForUpdate(Guid[] orderedIds) =>
        Wallets.FromSql($"""SELECT * FROM "Wallets" WHERE "UserId" = ANY({orderedIds}) ORDER BY "UserId" FOR UPDATE""").OrderBy(w => w.UserId);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<decimal>().HavePrecision(18, 2);
        EnumsAsStrings.Apply(configurationBuilder);
    }
}

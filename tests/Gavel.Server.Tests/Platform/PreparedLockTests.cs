using Gavel.Core.Data;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Tests.Platform;

/// <summary>
/// PostgreSQL statements are prepared automatically (GavelDatabase.WithAutoPrepare). A prepared statement whose result
/// columns change fails with "cached plan must not change result type"; the row-locking queries name their columns,
/// so a migration that adds a column while servers run does not break the bid path.
/// </summary>
public sealed class PreparedLockTests
{
    [Fact]
    public async Task TheLockingQueriesSurviveAColumnAddedAfterTheyWerePrepared()
    {
        await using var app = await GavelApp.StartAsync(DatabaseProvider.Postgres);
        var seller = await app.CreateUserAsync();
        var bidder = await app.CreateUserAsync(deposit: 100m);
        var auctionId = await app.CreateLiveAuctionAsync(seller);

        var locked = await app.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync(); // one physical connection, where the statements get prepared
            for (var i = 0; i < 8; i++)
            {
                await LockBothAsync(db, auctionId, bidder.Id);
            }

            await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "Auctions" ADD COLUMN "AddedLater" integer; ALTER TABLE "Wallets" ADD COLUMN "AddedLater" integer;""");
            return await LockBothAsync(db, auctionId, bidder.Id);
        });

        Assert.Equal(auctionId, locked);
    }

    private static Task<Guid> LockBothAsync(GavelDbContext db, Guid auctionId, Guid userId) =>
        db.WriteAsync(async token =>
        {
            var auction = await db.LockAuctionAsync(auctionId, token);
            await db.LockWalletsAsync([userId], token);
            return auction!.Id;
        }, CancellationToken.None);
}

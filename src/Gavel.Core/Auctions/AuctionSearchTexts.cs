using Gavel.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Core.Auctions;

/// <summary>Fills <see cref="Auction.SearchText"/> for auctions written before the column existed.</summary>
public static class AuctionSearchTexts
{
    private const int BatchSize = 200;

    /// <summary>
    /// Folds, in .NET, the search text of the auctions still missing it (null), a batch at a time (never every auction
    /// in memory), one transaction a batch, and returns how many it filled. A migration cannot do this: SQL can neither
    /// read markup nor fold accents the way <see cref="SearchFolding"/> does, and a migration cannot call .NET. Runs
    /// after every migrate: once all are filled it is one query that finds nothing. Every row it reads gets a non-null
    /// value (possibly ""), so the loop always ends; a row changed meanwhile by the app already has its text and is left.
    /// </summary>
    public static async Task<int> FillMissingAsync(GavelDbContext db, CancellationToken ct)
    {
        var filled = 0;
        while (true)
        {
            var batch = await db.Auctions.AsNoTracking()
                .Where(a => a.SearchText == null)
                .OrderBy(a => a.Id)
                .Select(a => new { a.Id, a.Title, a.Description })
                .Take(BatchSize)
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                return filled;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var auction in batch)
            {
                var text = SearchFolding.ForAuction(auction.Title, auction.Description);
                filled += await db.Auctions
                    .Where(a => a.Id == auction.Id && a.SearchText == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.SearchText, text), ct);
            }

            await transaction.CommitAsync(ct);
        }
    }
}

using Gavel.Core.Auctions;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Gavel.Server.Features.Auctions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Components.Shared;

/// <summary>The pages read through the API's own handlers, so filters, sorting and visibility rules live in one place.</summary>
internal static class WebQueries
{
    public static async Task<(Paged<AuctionSummary>? Page, IDictionary<string, string[]>? Errors)> SearchAsync(
        GavelDbContext db, TimeProvider clock, SearchAuctionsRequest request, CancellationToken ct) =>
        (await SearchAuctions.HandleAsync(request, db, clock, ct)).Result switch
        {
            Ok<Paged<AuctionSummary>> ok => (ok.Value, null),
            ValidationProblem problem => (null, problem.ProblemDetails.Errors),
            _ => (null, null),
        };

    /// <summary>
    /// Published auctions that have not started, soonest first, at most <paramref name="take"/> of them with the total:
    /// the admin page lists them to cancel. Search's summary has no start time, so this reads the auctions itself.
    /// </summary>
    public static async Task<(IReadOnlyList<ScheduledAuction> Items, int Total)> ScheduledAsync(GavelDbContext db, int take, CancellationToken ct)
    {
        var query = db.Auctions.AsNoTracking().Where(a => a.Status == AuctionStatus.Scheduled);
        var items = await query.OrderBy(a => a.StartsAt).ThenBy(a => a.Id).Take(take)
            .Select(a => new ScheduledAuction(a.Id, a.Title, a.StartsAt, a.StartingPrice)).ToListAsync(ct);
        return (items, await query.CountAsync(ct));
    }

    /// <summary>
    /// Which of the bid lines shown (by sequence) the viewer placed, so a history can mark them "(you)" without saying
    /// anything about anyone else's.
    /// </summary>
    public static async Task<HashSet<long>> OwnBidsAsync(
        GavelDbContext db, Guid auctionId, Guid viewerId, IEnumerable<long> shownSequences, CancellationToken ct)
    {
        var shown = shownSequences.ToList();
        return [.. await db.Bids.Where(b => b.AuctionId == auctionId && b.BidderId == viewerId && shown.Contains(b.Sequence))
            .Select(b => b.Sequence).ToListAsync(ct)];
    }

    /// <summary>Categories flattened in tree order with their depth, for selects and lists.</summary>
    public static async Task<IReadOnlyList<(int Id, string Name, int Depth)>> CategoriesAsync(GavelDbContext db, CancellationToken ct)
    {
        var all = await db.Categories.AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct);
        var byParent = all.ToLookup(c => c.ParentId);
        var result = new List<(int, string, int)>();
        void Add(int? parent, int depth)
        {
            foreach (var c in byParent[parent])
            {
                result.Add((c.Id, c.Name, depth));
                Add(c.Id, depth + 1);
            }
        }

        Add(null, 0);
        return result;
    }
}

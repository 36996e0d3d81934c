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

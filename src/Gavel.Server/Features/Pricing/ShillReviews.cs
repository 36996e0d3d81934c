using System.ComponentModel.DataAnnotations;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Gavel.Core.Pricing;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Features.Pricing;

public sealed record ShillReviewSearch
{
    /// <summary>open (default), dismissed, confirmed or all.</summary>
    [FromQuery(Name = "status"), RegularExpression("^(?i)(open|dismissed|confirmed|all)$", ErrorMessage = "status must be open, dismissed, confirmed or all.")]
    public string? Status { get; init; }

    [FromQuery(Name = "page"), Range(1, 1_000_000)]
    public int? Page { get; init; }

    [FromQuery(Name = "pageSize"), Range(1, 100)]
    public int? PageSize { get; init; }
}

/// <summary>A queued bidder-auction pair with the reasons it was flagged and its nine UCI features (camelCase names).</summary>
internal sealed record ShillReviewResponse(
    Guid Id, Guid AuctionId, string AuctionTitle, Guid BidderId, string Bidder, Guid SellerId, double? Probability,
    IReadOnlyList<string> Reasons, IReadOnlyDictionary<string, double> Features, ShillReviewStatus Status, DateTimeOffset CreatedAt);

/// <summary>The admins' shill bidding review queue.</summary>
internal static class ShillReviews
{
    public static async Task<Ok<Paged<ShillReviewResponse>>> ListAsync([AsParameters] ShillReviewSearch search, GavelDbContext db, CancellationToken ct)
    {
        var paging = new PageRequest { Page = search.Page, PageSize = search.PageSize };
        var query = db.ShillReviews.AsNoTracking();
        var status = search.Status?.ToLowerInvariant() ?? "open";
        if (status != "all")
        {
            var wanted = Enum.Parse<ShillReviewStatus>(status, ignoreCase: true);
            query = query.Where(r => r.Status == wanted);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id).Skip(paging.Skip).Take(paging.Size)
            .Join(db.Auctions, r => r.AuctionId, a => a.Id, (r, a) => new { Review = r, a.Title })
            .Join(db.Users, x => x.Review.BidderId, u => u.Id, (x, u) => new { x.Review, x.Title, Bidder = u.DisplayName })
            .ToListAsync(ct);
        var items = rows.Select(x => new ShillReviewResponse(
            x.Review.Id, x.Review.AuctionId, x.Title, x.Review.BidderId, x.Bidder, x.Review.SellerId, x.Review.Probability,
            x.Review.Reasons.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            FeatureMap(x.Review.Features), x.Review.Status, x.Review.CreatedAt)).ToList();
        return TypedResults.Ok(new Paged<ShillReviewResponse>(items, paging.PageNumber, paging.Size, total));
    }

    public static Task<Results<NoContent, ProblemHttpResult>> DismissAsync(Guid id, GavelDbContext db, CancellationToken ct) =>
        DecideAsync(id, ShillReviewStatus.Dismissed, db, ct);

    public static Task<Results<NoContent, ProblemHttpResult>> ConfirmAsync(Guid id, GavelDbContext db, CancellationToken ct) =>
        DecideAsync(id, ShillReviewStatus.Confirmed, db, ct);

    private static async Task<Results<NoContent, ProblemHttpResult>> DecideAsync(Guid id, ShillReviewStatus status, GavelDbContext db, CancellationToken ct)
    {
        var changed = await db.ShillReviews.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status), ct);
        return changed == 0
            ? TypedResults.Problem(ErrorHandling.Problem(404, "review_not_found", "There is no such review.", $"No shill review has the id {id}."))
            : TypedResults.NoContent();
    }

    private static Dictionary<string, double> FeatureMap(string features)
    {
        var values = features.Split(',');
        return Gavel.Pricing.Shill.ShillFeatureVector.Names
            .Select((name, i) => (name: CamelCase(name), value: i < values.Length && double.TryParse(values[i], System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0))
            .ToDictionary(p => p.name, p => p.value);
    }

    /// <summary>Bidder_Tendency -> bidderTendency: the API's camelCase for the UCI feature names.</summary>
    private static string CamelCase(string name)
    {
        var parts = name.Split('_');
        return parts[0].ToLowerInvariant() + string.Concat(parts.Skip(1));
    }
}

using System.ComponentModel.DataAnnotations;
using Gavel.Core.Auctions;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Features.Auctions;

internal enum AuctionSort
{
    EndingSoon,
    Newest,
    PriceAsc,
    PriceDesc,
    BidCount,
}

/// <summary>Which auctions a search covers. Drafts never appear in search; ended includes settled.</summary>
internal enum SearchStatus
{
    Live,
    Scheduled,
    Ended,
    Cancelled,
    All,
}

public sealed record SearchAuctionsRequest
{
    /// <summary>Words (up to 8) that must all appear in the title or the description's visible text; accents and case are ignored.</summary>
    [FromQuery(Name = "q"), StringLength(100)]
    public string? Q { get; init; }

    [FromQuery(Name = "categoryId")]
    public int? CategoryId { get; init; }

    /// <summary>live (default), scheduled, ended, cancelled or all.</summary>
    [FromQuery(Name = "status"), StringLength(20)]
    public string? Status { get; init; }

    [FromQuery(Name = "minPrice"), Range(0, (double)Money.MaxAmount)]
    public decimal? MinPrice { get; init; }

    [FromQuery(Name = "maxPrice"), Range(0, (double)Money.MaxAmount)]
    public decimal? MaxPrice { get; init; }

    /// <summary>endingSoon (default), newest, priceAsc, priceDesc or bidCount.</summary>
    [FromQuery(Name = "sort"), StringLength(20)]
    public string? Sort { get; init; }

    [FromQuery(Name = "page"), Range(1, 1_000_000)]
    public int? Page { get; init; }

    [FromQuery(Name = "pageSize"), Range(1, 100)]
    public int? PageSize { get; init; }
}

internal sealed record AuctionSummary(
    Guid Id,
    string Title,
    int CategoryId,
    string Status,
    decimal CurrentPrice,
    int BidCount,
    bool HasReserve,
    bool ReserveMet,
    decimal? BuyNowPrice,
    DateTimeOffset EndsAt,
    DateTimeOffset CreatedAt)
{
    public static AuctionSummary From(Auction a, DateTimeOffset now) => new(
        a.Id, a.Title, a.CategoryId, AuctionDetails.ToCamel(a.Status.ToString()), a.CurrentPrice ?? a.StartingPrice, a.BidCount,
        a.ReservePrice is not null, a.ReservePrice is not null && a.ReserveMet, a.IsBuyNowOffered(now) ? a.BuyNowPrice : null, a.EndsAt, a.CreatedAt);
}

internal static class SearchAuctions
{
    public static async Task<Results<Ok<Paged<AuctionSummary>>, ValidationProblem>> HandleAsync(
        [AsParameters] SearchAuctionsRequest request, GavelDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var status = Parse(request.Status, SearchStatus.Live, "status", errors);
        var sort = Parse(request.Sort, AuctionSort.EndingSoon, "sort", errors);
        if (request.MinPrice > request.MaxPrice)
        {
            // An empty page would look like "nothing for sale"; the client swapped or mistyped a bound.
            errors["minPrice"] = [$"minPrice ({request.MinPrice}) is above maxPrice ({request.MaxPrice})."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = clock.GetUtcNow();
        var query = Filter(db.Auctions.AsNoTracking(), request, status, await CategoryAndDescendantsAsync(db, request.CategoryId, ct));
        var total = await query.CountAsync(ct);
        var page = request.Page ?? 1;
        var size = request.PageSize ?? 20;
        var items = await Sort(query, sort).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new Paged<AuctionSummary>([.. items.Select(a => AuctionSummary.From(a, now))], page, size, total));
    }

    private static T Parse<T>(string? value, T fallback, string name, Dictionary<string, string[]> errors)
        where T : struct, Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(value[0]))
        {
            return parsed;
        }

        errors[name] = [$"Unknown {name} '{value}'. Use one of: {string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}."];
        return fallback;
    }

    private static IQueryable<Auction> Filter(IQueryable<Auction> query, SearchAuctionsRequest request, SearchStatus status, int[]? categories)
    {
        query = query.Public();
        query = status switch
        {
            SearchStatus.Live => query.Where(a => a.Status == AuctionStatus.Live),
            SearchStatus.Scheduled => query.Where(a => a.Status == AuctionStatus.Scheduled),
            SearchStatus.Ended => query.Where(a => a.Status == AuctionStatus.Ended || a.Status == AuctionStatus.Settled),
            SearchStatus.Cancelled => query.Where(a => a.Status == AuctionStatus.Cancelled),
            _ => query,
        };

        // Terms are folded as the stored search text is (accents dropped, lower-cased in every alphabet, markup never
        // matched), so "pokemon" finds "Pokémon" and both databases answer alike. Escaped after folding: folding can
        // make a % or _ (from their full-width forms).
        foreach (var term in SearchFolding.Fold(request.Q).Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(8))
        {
            var pattern = "%" + term.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            query = query.Where(a => EF.Functions.Like(a.SearchText, pattern, "\\"));
        }

        if (categories is not null)
        {
            query = query.Where(a => categories.Contains(a.CategoryId));
        }

        if (request.MinPrice is { } min)
        {
            query = query.Where(a => (a.CurrentPrice ?? a.StartingPrice) >= min);
        }

        if (request.MaxPrice is { } max)
        {
            query = query.Where(a => (a.CurrentPrice ?? a.StartingPrice) <= max);
        }

        return query;
    }

    private static IQueryable<Auction> Sort(IQueryable<Auction> query, AuctionSort sort) => sort switch
    {
        AuctionSort.Newest => query.OrderByDescending(a => a.CreatedAt).ThenBy(a => a.Id),
        AuctionSort.PriceAsc => query.OrderBy(a => a.CurrentPrice ?? a.StartingPrice).ThenBy(a => a.Id),
        AuctionSort.PriceDesc => query.OrderByDescending(a => a.CurrentPrice ?? a.StartingPrice).ThenBy(a => a.Id),
        AuctionSort.BidCount => query.OrderByDescending(a => a.BidCount).ThenBy(a => a.EndsAt),
        _ => query.OrderBy(a => a.EndsAt).ThenBy(a => a.Id),
    };

    /// <summary>A category search includes its sub-categories.</summary>
    private static async Task<int[]?> CategoryAndDescendantsAsync(GavelDbContext db, int? categoryId, CancellationToken ct)
    {
        if (categoryId is not { } root)
        {
            return null;
        }

        var all = await db.Categories.AsNoTracking().Select(c => new { c.Id, c.ParentId }).ToListAsync(ct);
        var result = new List<int> { root };
        for (var i = 0; i < result.Count; i++)
        {
            result.AddRange(all.Where(c => c.ParentId == result[i]).Select(c => c.Id));
        }

        return [.. result];
    }
}

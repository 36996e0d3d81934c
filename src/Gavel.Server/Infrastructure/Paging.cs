using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Gavel.Server.Infrastructure;

/// <summary>API.md paging: page from 1, pageSize default 20, at most 100.</summary>
public sealed record PageRequest
{
    [FromQuery(Name = "page"), Range(1, 1_000_000)]
    public int? Page { get; init; }

    [FromQuery(Name = "pageSize"), Range(1, 100)]
    public int? PageSize { get; init; }

    internal int PageNumber => Page ?? 1;

    /// <summary>A web page's ?page= as typed: a mistyped or out-of-range one shows the nearest page rather than an error.</summary>
    internal static int FromQueryText(string? text) => int.TryParse(text, out var page) ? Math.Clamp(page, 1, 1_000_000) : 1;

    internal int Size => PageSize ?? 20;

    internal int Skip => (PageNumber - 1) * Size;
}

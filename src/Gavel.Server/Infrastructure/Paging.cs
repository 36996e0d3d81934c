using System.ComponentModel.DataAnnotations;

namespace Gavel.Server.Infrastructure;

/// <summary>API.md paging: page from 1, pageSize default 20, at most 100.</summary>
public sealed record PageRequest
{
    [Range(1, 1_000_000)]
    public int? Page { get; init; }

    [Range(1, 100)]
    public int? PageSize { get; init; }

    internal int PageNumber => Page ?? 1;

    internal int Size => PageSize ?? 20;

    internal int Skip => (PageNumber - 1) * Size;
}

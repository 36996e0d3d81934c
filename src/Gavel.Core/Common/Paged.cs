namespace Gavel.Core.Common;

/// <summary>The list shape of API.md: <c>{ items, page, pageSize, totalCount }</c>.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount);

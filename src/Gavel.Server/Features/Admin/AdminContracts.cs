using System.ComponentModel.DataAnnotations;
using Gavel.Core.Accounts;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Gavel.Server.Features.Admin;

/// <summary>
/// Query of GET /api/admin/users. Public, and carrying its own paging bounds, because the .NET 10.0
/// validation generator skips internal types (dotnet/aspnetcore#64435) and would not check them otherwise.
/// </summary>
public sealed record UserSearch
{
    /// <summary>Part of an email or display name, case-insensitive.</summary>
    [FromQuery(Name = "q"), StringLength(100)]
    public string? Q { get; init; }

    [FromQuery(Name = "page"), Range(1, 1_000_000)]
    public int? Page { get; init; }

    [FromQuery(Name = "pageSize"), Range(1, 100)]
    public int? PageSize { get; init; }

    internal PageRequest ToPageRequest() => new() { Page = Page, PageSize = PageSize };
}

/// <summary>A user as an admin sees them: account state included, the password hash never.</summary>
internal sealed record AdminUserResponse(
    Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles, bool IsSuspended, DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt)
{
    public static AdminUserResponse From(User user) =>
        new(user.Id, user.Email, user.DisplayName, user.Roles, user.IsSuspended, user.LockedUntil, user.CreatedAt);
}

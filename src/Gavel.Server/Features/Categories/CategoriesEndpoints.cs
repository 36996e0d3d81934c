using Microsoft.AspNetCore.Http.HttpResults;
using Gavel.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Features.Categories;

internal static class CategoriesEndpoints
{
    public static void MapCategories(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/categories", GetTreeAsync).WithTags("Categories").WithName("GetCategories");
        app.MapPost("/api/admin/categories", CreateCategory.HandleAsync).WithTags("Admin").WithName("CreateCategory")
            .RequireAuthorization("admin").ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<IReadOnlyList<CategoryNode>>> GetTreeAsync(GavelDbContext db, CancellationToken ct)
    {
        var all = await db.Categories.AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct);
        var byParent = all.ToLookup(c => c.ParentId);
        IReadOnlyList<CategoryNode> Children(int? parentId) =>
            [.. byParent[parentId].Select(c => new CategoryNode(c.Id, c.Name, c.Slug, Children(c.Id)))];
        return TypedResults.Ok(Children(null));
    }
}

internal sealed record CategoryNode(int Id, string Name, string Slug, IReadOnlyList<CategoryNode> Children);

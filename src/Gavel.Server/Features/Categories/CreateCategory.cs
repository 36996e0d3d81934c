using System.ComponentModel.DataAnnotations;
using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Features.Categories;

/// <summary>A new category, at the top of the tree or under <see cref="ParentId"/>.</summary>
public sealed record CreateCategoryRequest
{
    [Required(ErrorMessage = "Enter the category's name.")]
    [StringLength(80, MinimumLength = 2, ErrorMessage = "A category name is 2 to 80 characters long.")]
    public string? Name { get; init; }

    public int? ParentId { get; init; }
}

internal static class CreateCategory
{
    /// <summary>Admins only. The slug is made from the name as for the default categories, and must be unique.</summary>
    public static async Task<Results<Created<CategoryNode>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        CreateCategoryRequest request, GavelDbContext db, CancellationToken ct)
    {
        var name = request.Name!.Trim();
        var slug = DefaultCategories.Slug(name);
        if (slug.Length > 80 || !slug.Any(char.IsLetterOrDigit))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["Give the category a name with letters or digits."] });
        }

        if (request.ParentId is { } parentId && !await db.Categories.AnyAsync(c => c.Id == parentId, ct))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["parentId"] = [$"There is no category {parentId} to put it under."] });
        }

        if (await db.Categories.AnyAsync(c => c.Slug == slug, ct))
        {
            return Taken(name);
        }

        var category = new Category { Name = name, Slug = slug, ParentId = request.ParentId };
        try
        {
            await db.WriteAsync(token =>
            {
                db.Categories.Add(category);
                return Task.FromResult(true);
            }, ct);
        }
        catch (DbUpdateException)
        {
            // Another admin added the same name between the check and the insert; anything else is a real failure.
            if (await db.Categories.AsNoTracking().AnyAsync(c => c.Slug == slug, ct))
            {
                return Taken(name);
            }

            throw;
        }

        return TypedResults.Created($"/api/categories#{category.Id}", new CategoryNode(category.Id, category.Name, category.Slug, []));
    }

    private static ProblemHttpResult Taken(string name) => TypedResults.Problem(ErrorHandling.Problem(
        StatusCodes.Status409Conflict, "category_exists", "That category already exists.", $"A category named like '{name}' exists already; choose another name."));
}

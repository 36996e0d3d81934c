using Gavel.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Core.Auctions;

/// <summary>The starting category tree, created once on an empty database; admins change it afterwards.</summary>
public static class DefaultCategories
{
    private static readonly (string Name, string[] Children)[] Tree =
    [
        ("Electronics", ["Phones", "Computers", "Cameras", "Audio"]),
        ("Collectibles", ["Coins", "Stamps", "Trading Cards", "Comics"]),
        ("Fashion", ["Watches", "Jewellery", "Bags"]),
        ("Home & Garden", ["Furniture", "Kitchen", "Tools"]),
        ("Art", ["Paintings", "Prints", "Sculpture"]),
        ("Sports", ["Cycling", "Golf", "Fitness"]),
        ("Music", ["Instruments", "Vinyl"]),
        ("Toys & Games", ["Video Games", "Board Games", "Models"]),
    ];

    public static async Task EnsureAsync(GavelDbContext db, CancellationToken ct)
    {
        if (await db.Categories.AnyAsync(ct))
        {
            return;
        }

        await db.WriteAsync(async token =>
        {
            foreach (var (name, children) in Tree)
            {
                var parent = new Category { Name = name, Slug = Slug(name) };
                db.Categories.Add(parent);
                await db.SaveChangesAsync(token);
                db.Categories.AddRange(children.Select(c => new Category { Name = c, Slug = Slug(c), ParentId = parent.Id }));
            }

            return true;
        }, ct);
    }

    public static string Slug(string name) =>
        string.Join('-', name.ToLowerInvariant().Replace("&", " ").Split(' ', StringSplitOptions.RemoveEmptyEntries));
}

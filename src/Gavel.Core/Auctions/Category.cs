namespace Gavel.Core.Auctions;

public sealed class Category
{
    public int Id { get; init; }

    public required string Name { get; set; }

    public required string Slug { get; set; }

    public int? ParentId { get; set; }
}

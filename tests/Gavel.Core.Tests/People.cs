using System.Collections.Concurrent;

namespace Gavel.Core.Tests;

/// <summary>Named people, so test tables can say "Alice" where the code needs a user id.</summary>
internal static class People
{
    private static readonly ConcurrentDictionary<string, Guid> Ids = new();

    public static Guid Seller => Id("Seller");

    public static Guid Admin => Id("Admin");

    public static Guid Alice => Id("Alice");

    public static Guid Bob => Id("Bob");

    public static Guid Carol => Id("Carol");

    public static Guid Id(string name) => Ids.GetOrAdd(name, _ => Guid.NewGuid());

    public static string Name(Guid? id) =>
        id is null ? "nobody" : Ids.FirstOrDefault(p => p.Value == id).Key ?? id.ToString()!;
}

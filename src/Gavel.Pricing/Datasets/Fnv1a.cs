using System.Text;

namespace Gavel.Pricing.Datasets;

/// <summary>FNV-1a-32 of the UTF-8 key: the hash the shared evaluation split is defined by (test when hash mod 5 == 0).</summary>
public static class Fnv1a
{
    public static uint Hash(string key)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash ^= b;
            hash *= 16777619u;
        }

        return hash;
    }

    /// <summary>The fold (0-4) of a key; fold 0 is the test part of the shared split.</summary>
    public static int Fold(string key) => (int)(Hash(key) % 5);
}

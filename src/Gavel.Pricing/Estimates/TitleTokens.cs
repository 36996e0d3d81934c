namespace Gavel.Pricing.Estimates;

/// <summary>The words of a title that say what the item is: lower case, letters and digits, no filler words.</summary>
public static class TitleTokens
{
    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "of", "for", "with", "in", "on", "to", "by", "new", "used", "item", "lot",
    };

    public static string[] Of(string title)
    {
        var tokens = new SortedSet<string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= title.Length; i++)
        {
            var letter = i < title.Length && char.IsLetterOrDigit(title[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                var token = title[start..i].ToLowerInvariant();
                if (token.Length > 1 && !Filler.Contains(token))
                {
                    tokens.Add(token);
                }

                start = -1;
            }
        }

        return [.. tokens];
    }

    /// <summary>Jaccard similarity of two sorted token sets.</summary>
    public static double Similarity(string[] a, string[] b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        int i = 0, j = 0, shared = 0;
        while (i < a.Length && j < b.Length)
        {
            var order = string.CompareOrdinal(a[i], b[j]);
            if (order == 0)
            {
                shared++;
                i++;
                j++;
            }
            else if (order < 0)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return (double)shared / (a.Length + b.Length - shared);
    }
}

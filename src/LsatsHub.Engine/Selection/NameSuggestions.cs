namespace LsatsHub.Engine.Selection;

/// <summary>Finds the known names closest to a mistyped one.</summary>
internal static class NameSuggestions
{
    /// <summary>
    /// Up to <paramref name="limit"/> known names within a small edit distance of <paramref name="typed"/>
    /// (case ignored), or whose last dotted segment is exactly what was typed; closest first, then by name.
    /// </summary>
    public static IReadOnlyList<string> Closest(string typed, IEnumerable<string> known, int limit = 3)
    {
        var wanted = typed.ToLowerInvariant();
        var threshold = Math.Max(2, wanted.Length / 3);
        return known
            .Select(name => (Name: name, Distance: Levenshtein(wanted, name.ToLowerInvariant())))
            .Where(candidate => candidate.Distance <= threshold || candidate.Name.EndsWith("." + typed, StringComparison.OrdinalIgnoreCase))
            .OrderBy(candidate => candidate.Distance)
            .ThenBy(candidate => candidate.Name, StringComparer.Ordinal)
            .Take(limit)
            .Select(candidate => candidate.Name)
            .ToArray();
    }

    /// <summary>The number of single-character insertions, deletions and substitutions turning one string into the other.</summary>
    public static int Levenshtein(string left, string right)
    {
        var previous = new int[right.Length + 1];
        var current = new int[right.Length + 1];
        for (var j = 0; j <= right.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= left.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= right.Length; j++)
            {
                var substitution = previous[j - 1] + (left[i - 1] == right[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[right.Length];
    }
}

namespace LsatsHub.Engine.Selection;

/// <summary>Matches names against patterns where <c>*</c> stands for any run of characters (dots included).</summary>
internal static class Wildcard
{
    /// <summary>True when the pattern contains a wildcard.</summary>
    public static bool IsPattern(string text) => text.Contains('*', StringComparison.Ordinal);

    /// <summary>True when <paramref name="text"/> matches <paramref name="pattern"/> entirely (ordinal).</summary>
    public static bool IsMatch(string pattern, string text)
    {
        // Greedy scan with backtracking to the last star: linear for the short names we match.
        int p = 0, t = 0, starAt = -1, resumeAt = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starAt = p++;
                resumeAt = t;
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (starAt >= 0)
            {
                p = starAt + 1;
                t = ++resumeAt;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}

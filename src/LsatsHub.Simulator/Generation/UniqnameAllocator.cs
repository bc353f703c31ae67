using System.Text;

namespace LsatsHub.Simulator.Generation;

/// <summary>Hands out unique uniqnames of 3–8 lowercase ASCII letters built from a person's name.</summary>
internal sealed class UniqnameAllocator(Random random)
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public bool IsUsed(string uniqname) => _used.Contains(uniqname);

    public void Reserve(string uniqname) => _used.Add(uniqname);

    public string Allocate(string firstName, string lastName)
    {
        var first = Letters(firstName);
        var last = Letters(lastName);
        string[] candidates =
        [
            Fit(first[..Math.Min(1, first.Length)] + last),
            Fit(first[..Math.Min(2, first.Length)] + last),
            Fit(first + last[..Math.Min(1, last.Length)]),
        ];
        foreach (var candidate in candidates)
        {
            if (candidate.Length >= 3 && _used.Add(candidate))
            {
                return candidate;
            }
        }

        while (true)
        {
            var stem = Fit(first[..Math.Min(1, first.Length)] + last);
            stem = stem[..Math.Min(stem.Length, 5)];
            var candidate = Fit(stem + random.NextLetters(8 - stem.Length > 3 ? 3 : 8 - stem.Length));
            if (candidate.Length >= 3 && _used.Add(candidate))
            {
                return candidate;
            }
        }
    }

    private string Fit(string letters)
    {
        var value = letters.Length > 8 ? letters[..8] : letters;
        while (value.Length < 3)
        {
            value += random.NextLetters(1);
        }

        return value;
    }

    private static string Letters(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

namespace LsatsHub.Simulator.Generation;

/// <summary>Helpers over an explicitly passed <see cref="Random"/> (never shared static randomness).</summary>
internal static class RandomExtensions
{
    public static bool Chance(this Random random, double probability) => random.NextDouble() < probability;

    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public static Guid NextGuid(this Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    public static string NextLetters(this Random random, int count)
    {
        var chars = new char[count];
        for (var i = 0; i < count; i++)
        {
            chars[i] = (char)('a' + random.Next(26));
        }

        return new string(chars);
    }

    public static string NextAlphanumericUpper(this Random random, int count)
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
        var chars = new char[count];
        for (var i = 0; i < count; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    public static DateTimeOffset DaysBefore(this Random random, DateTimeOffset now, int minDays, int maxDays) =>
        now.AddDays(-random.Next(minDays, maxDays)).AddSeconds(random.Next(86_400));

    /// <summary>How many items a rate hits: zero for rate 0, otherwise at least one (so small worlds still carry every kind of dirt).</summary>
    public static int CountFor(int population, double rate) =>
        rate <= 0 || population == 0 ? 0 : Math.Clamp((int)Math.Round(population * rate), 1, population);

    /// <summary>
    /// Picks <paramref name="count"/> distinct items: a partial Fisher–Yates shuffle that remembers only the positions it
    /// swapped, so a few items from a list of 700,000 cost a few steps rather than a copy of the list (and the same draws
    /// give the same picks as shuffling a copy).
    /// </summary>
    public static List<T> Sample<T>(this Random random, IReadOnlyList<T> items, int count)
    {
        var length = items.Count;
        count = Math.Min(count, length);
        var moved = new Dictionary<int, int>(count);
        var picked = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, length);
            var atJ = moved.TryGetValue(j, out var fromJ) ? fromJ : j;
            moved[j] = moved.TryGetValue(i, out var fromI) ? fromI : i;
            picked.Add(items[atJ]);
        }

        return picked;
    }

    /// <summary>A child random derived from a seed and a purpose, so adding draws in one part leaves the others unchanged.</summary>
    public static Random Derive(int seed, int purpose) => new(unchecked((seed * 1_000_003) + (purpose * 7919)));
}

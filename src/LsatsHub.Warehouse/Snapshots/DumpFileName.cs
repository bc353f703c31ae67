using System.Globalization;
using System.Text.RegularExpressions;

namespace LsatsHub.Warehouse.Snapshots;

/// <summary>
/// Names of the dump files a tool writes itself: <c>&lt;prefix&gt;YYYYMMDD_HHMMSS.dump</c> (UTC), then
/// <c>_2</c>, <c>_3</c>... for more in the same second, with <c>.partial</c> appended while pg_dump
/// writes. Only names of exactly this shape are ours: other files and hand-named dumps are never
/// listed or pruned.
/// </summary>
public sealed class DumpFileName
{
    /// <summary>The extension of a complete dump.</summary>
    public const string Extension = ".dump";

    /// <summary>Appended while the dump is being written.</summary>
    public const string PartialExtension = ".partial";

    private const string TimeFormat = "yyyyMMdd_HHmmss";
    private readonly Regex _pattern;

    /// <summary>Creates the naming scheme for one kind of dump.</summary>
    /// <param name="prefix">Lower-case letters, digits and underscores, e.g. <c>pre_silver_</c>.</param>
    public DumpFileName(string prefix)
    {
        if (string.IsNullOrEmpty(prefix) || !prefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            throw new ArgumentException($"'{prefix}' is not a dump name prefix (lower-case letters, digits, underscores).", nameof(prefix));
        }

        Prefix = prefix;
        _pattern = new Regex(
            "^" + Regex.Escape(prefix) + @"(?<stamp>\d{8}_\d{6})(?:_(?<sequence>\d{1,6}))?\.dump(?<partial>\.partial)?$",
            RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    /// <summary>The pre-silver snapshots: <c>pre_silver_YYYYMMDD_HHMMSS.dump</c>.</summary>
    public static DumpFileName PreSilverSnapshot { get; } = new("pre_silver_");

    /// <summary>The name's fixed start.</summary>
    public string Prefix { get; }

    /// <summary>The name of the <paramref name="sequence"/>-th dump taken in the second of <paramref name="takenAt"/>.</summary>
    /// <param name="takenAt">When the dump was taken.</param>
    /// <param name="sequence">1 for the first dump of that second.</param>
    /// <returns>The file name.</returns>
    public string Format(DateTimeOffset takenAt, int sequence)
    {
        var stamp = takenAt.ToUniversalTime().ToString(TimeFormat, CultureInfo.InvariantCulture);
        return sequence <= 1 ? $"{Prefix}{stamp}{Extension}" : $"{Prefix}{stamp}_{sequence.ToString(CultureInfo.InvariantCulture)}{Extension}";
    }

    /// <summary>Reads a name <see cref="Format"/> wrote, complete or partial.</summary>
    /// <param name="fileName">A file name without folder.</param>
    /// <param name="takenAt">When the dump was taken.</param>
    /// <param name="sequence">Its sequence within that second.</param>
    /// <param name="isPartial">True for a dump still being written (or abandoned).</param>
    /// <returns>False for any name of another shape.</returns>
    public bool TryParse(string fileName, out DateTimeOffset takenAt, out int sequence, out bool isPartial)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        takenAt = default;
        sequence = 0;
        var match = _pattern.Match(fileName);
        isPartial = match.Success && match.Groups["partial"].Success;
        if (!match.Success
            || !DateTimeOffset.TryParseExact(match.Groups["stamp"].Value, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out takenAt))
        {
            return false;
        }

        if (!match.Groups["sequence"].Success)
        {
            sequence = 1;
            return true;
        }

        // Format never writes _0 or _1, so such a name was not written here.
        sequence = int.Parse(match.Groups["sequence"].Value, CultureInfo.InvariantCulture);
        return sequence >= 2;
    }

    /// <summary>
    /// Reserves the first free name for a dump taken at <paramref name="takenAt"/> by creating its
    /// <c>.partial</c> file exclusively, so two dumps in one second never overwrite each other.
    /// </summary>
    /// <param name="directory">The folder, which must exist.</param>
    /// <param name="takenAt">When the dump is taken.</param>
    /// <returns>The final name and the path of the reserved partial file, or null when no name is free.</returns>
    public (string FinalName, string PartialPath)? Reserve(string directory, DateTimeOffset takenAt)
    {
        for (var sequence = 1; sequence < 1000; sequence++)
        {
            var finalName = Format(takenAt, sequence);
            var finalPath = Path.Combine(directory, finalName);
            var partialPath = finalPath + PartialExtension;
            if (File.Exists(finalPath))
            {
                continue;
            }

            try
            {
                using (new FileStream(partialPath, FileMode.CreateNew, FileAccess.Write))
                {
                }

                return (finalName, partialPath);
            }
            catch (IOException) when (File.Exists(partialPath))
            {
                // Another dump is writing this name; take the next.
            }
        }

        return null;
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace LsatsHub.Warehouse.Operations;

/// <summary>
/// Daily backup names: <c>lsats_db_YYYYMMDD_HHMMSS.dump</c> (UTC), then <c>_2</c>, <c>_3</c>... in the
/// same second, <c>.partial</c> while pg_dump writes. Only names of this shape are backups: the
/// pre-silver snapshots (<c>pre_silver_*</c>) and hand-named files are never matched, so never pruned.
/// </summary>
internal static partial class BackupName
{
    public const string Prefix = "lsats_db_";
    public const string Extension = ".dump";
    public const string PartialExtension = ".partial";
    private const string TimeFormat = "yyyyMMdd_HHmmss";

    public static string Format(DateTimeOffset takenAt, int sequence)
    {
        var stamp = takenAt.ToUniversalTime().ToString(TimeFormat, CultureInfo.InvariantCulture);
        return sequence <= 1 ? $"{Prefix}{stamp}{Extension}" : $"{Prefix}{stamp}_{sequence.ToString(CultureInfo.InvariantCulture)}{Extension}";
    }

    /// <summary>Reads a complete backup's name (not a partial one).</summary>
    public static bool TryParse(string fileName, out DateTimeOffset takenAt, out int sequence)
    {
        takenAt = default;
        sequence = 0;
        var match = Pattern().Match(fileName);
        if (!match.Success
            || !DateTimeOffset.TryParseExact(match.Groups["stamp"].Value, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out takenAt))
        {
            return false;
        }

        sequence = match.Groups["sequence"].Success ? int.Parse(match.Groups["sequence"].Value, CultureInfo.InvariantCulture) : 1;
        return sequence >= 1;
    }

    [GeneratedRegex(@"^lsats_db_(?<stamp>\d{8}_\d{6})(?:_(?<sequence>\d{1,6}))?\.dump$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

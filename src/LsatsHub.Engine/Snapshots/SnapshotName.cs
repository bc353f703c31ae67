using System.Globalization;
using System.Text.RegularExpressions;

namespace LsatsHub.Engine.Snapshots;

/// <summary>
/// Snapshot file names: <c>pre_silver_YYYYMMDD_HHMMSS.dump</c>, then <c>_2</c>, <c>_3</c>... for more
/// in the same second; <c>.partial</c> while pg_dump is writing. Ordered by time, then sequence.
/// </summary>
internal static partial class SnapshotName
{
    public const string Prefix = "pre_silver_";
    public const string Extension = ".dump";
    public const string PartialExtension = ".partial";
    private const string TimeFormat = "yyyyMMdd_HHmmss";

    public static string Format(DateTimeOffset takenAt, int sequence)
    {
        var stamp = takenAt.ToUniversalTime().ToString(TimeFormat, CultureInfo.InvariantCulture);
        return sequence <= 1 ? $"{Prefix}{stamp}{Extension}" : $"{Prefix}{stamp}_{sequence.ToString(CultureInfo.InvariantCulture)}{Extension}";
    }

    /// <summary>Reads a name this class wrote; anything else (other files, hand-named dumps) is not ours and is left alone.</summary>
    public static bool TryParse(string fileName, out DateTimeOffset takenAt, out int sequence, out bool isPartial)
    {
        takenAt = default;
        sequence = 0;
        var match = Pattern().Match(fileName);
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

    [GeneratedRegex(@"^pre_silver_(?<stamp>\d{8}_\d{6})(?:_(?<sequence>\d{1,6}))?\.dump(?<partial>\.partial)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

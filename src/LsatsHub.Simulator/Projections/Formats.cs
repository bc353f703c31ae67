using System.Globalization;

namespace LsatsHub.Simulator.Projections;

/// <summary>The fixed text formats the sources use for dates and numbers.</summary>
public static class Formats
{
    /// <summary>TDX date: ISO-8601 UTC with Z, no fraction.</summary>
    public static string TdxDate(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>LDAP GeneralizedTime as AD writes it.</summary>
    public static string GeneralizedTime(DateTimeOffset value) => value.UtcDateTime.ToString("yyyyMMddHHmmss'.0Z'", CultureInfo.InvariantCulture);

    /// <summary>Windows FILETIME (100 ns ticks since 1601) as AD integer text.</summary>
    public static string FileTime(DateTimeOffset value) => value.UtcDateTime.ToFileTimeUtc().ToString(CultureInfo.InvariantCulture);

    /// <summary>Invariant integer text.</summary>
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>US date as in the awards export.</summary>
    public static string UsDate(DateOnly value) => value.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture);

    /// <summary>Dollars as in the awards export ("$465,000").</summary>
    public static string Dollars(long value) => value.ToString("$#,##0", CultureInfo.InvariantCulture);
}

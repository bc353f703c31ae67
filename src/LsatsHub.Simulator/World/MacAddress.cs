using System.Globalization;
using System.Text;

namespace LsatsHub.Simulator.World;

/// <summary>Writes canonical MACs (12 uppercase hex digits) the way a source does.</summary>
public static class MacAddress
{
    /// <summary>Formats a canonical MAC.</summary>
    public static string Format(string canonical, MacFormat format)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        var pairs = Enumerable.Range(0, 6).Select(i => canonical.Substring(i * 2, 2)).ToArray();
        return format switch
        {
            MacFormat.ColonUpper => string.Join(':', pairs),
            MacFormat.ColonLower => string.Join(':', pairs).ToLowerInvariant(),
            MacFormat.DashUpper => string.Join('-', pairs),
            MacFormat.Bare => canonical,
            MacFormat.DottedLower => string.Create(CultureInfo.InvariantCulture, $"{canonical[..4]}.{canonical[4..8]}.{canonical[8..]}").ToLowerInvariant(),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown MAC format."),
        };
    }

    /// <summary>Canonical form of any written MAC (hex digits only, uppercase).</summary>
    public static string Normalize(string written)
    {
        ArgumentNullException.ThrowIfNull(written);
        var builder = new StringBuilder(12);
        foreach (var c in written)
        {
            if (char.IsAsciiHexDigit(c))
            {
                builder.Append(char.ToUpperInvariant(c));
            }
        }

        return builder.ToString();
    }
}

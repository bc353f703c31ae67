using System.Globalization;

namespace LsatsHub.Connectors.Ldap;

/// <summary>
/// Active Directory's range retrieval: a multi-valued attribute with more values than the server's MaxValRange (1,500
/// for <c>member</c>) comes back as <c>member;range=0-1499</c> and the client asks for <c>member;range=1500-*</c> and so
/// on until a part ends in <c>*</c>. This is the parsed form of such an attribute name.
/// </summary>
/// <param name="Attribute">The attribute without the range option, e.g. <c>member</c>.</param>
/// <param name="Low">First value index in this part.</param>
/// <param name="High">Last value index in this part; null for <c>*</c> (the last part).</param>
internal sealed record LdapAttributeRange(string Attribute, long Low, long? High)
{
    private const string Option = ";range=";

    /// <summary>The attribute name that asks for the part after this one, e.g. <c>member;range=1500-*</c>; null after the last part.</summary>
    public string? NextRequest => High is { } high ? $"{Attribute}{Option}{(high + 1).ToString(CultureInfo.InvariantCulture)}-*" : null;

    /// <summary>The attribute name without its range option (the name itself when it has none).</summary>
    public static string BaseName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var at = name.IndexOf(Option, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? name : name[..at];
    }

    /// <summary>Parses <c>attr;range=low-high</c> or <c>attr;range=low-*</c>; null when the name carries no valid range.</summary>
    public static LdapAttributeRange? Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var at = name.IndexOf(Option, StringComparison.OrdinalIgnoreCase);
        if (at <= 0)
        {
            return null;
        }

        var bounds = name[(at + Option.Length)..];
        var dash = bounds.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || !long.TryParse(bounds[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var low))
        {
            return null;
        }

        var upper = bounds[(dash + 1)..];
        if (upper == "*")
        {
            return new LdapAttributeRange(name[..at], low, null);
        }

        return long.TryParse(upper, NumberStyles.None, CultureInfo.InvariantCulture, out var high) && high >= low
            ? new LdapAttributeRange(name[..at], low, high)
            : null;
    }
}

using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace LsatsHub.Connectors.Ldap;

/// <summary>
/// Text forms of the LDAP value syntaxes bronze stores (docs/sources.md, Active Directory value forms), matching what ldap3 produced for the seed:
/// GUIDs as <c>{xxxxxxxx-…}</c>, SIDs as <c>S-1-5-21-…</c>, times as ISO-8601 UTC with a <c>+00:00</c> offset and
/// microseconds only when non-zero.
/// </summary>
public static class LdapValues
{
    /// <summary>The largest AD FILETIME ("never"), shown as the largest representable time like ldap3 does.</summary>
    public const long NeverFileTime = long.MaxValue;

    private static readonly long MaxFileTime = DateTime.MaxValue.ToFileTimeUtc();

    /// <summary>An objectGUID (16 bytes, little-endian fields) as <c>{3f2504e0-4f89-11d3-9a0c-0305e82c3301}</c>.</summary>
    /// <param name="bytes">The wire value.</param>
    /// <returns>The text form, or null when the value is not 16 bytes.</returns>
    public static string? GuidText(ReadOnlySpan<byte> bytes) =>
        bytes.Length == 16 ? new Guid(bytes).ToString("B", CultureInfo.InvariantCulture) : null;

    /// <summary>An objectSid as <c>S-1-5-21-…</c>.</summary>
    /// <param name="bytes">The wire value: revision, sub-authority count, 48-bit big-endian authority, little-endian sub-authorities.</param>
    /// <returns>The text form, or null when the bytes are not a well-formed SID.</returns>
    public static string? SidText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8 || bytes.Length != 8 + (4 * bytes[1]))
        {
            return null;
        }

        long authority = 0;
        for (var i = 2; i < 8; i++)
        {
            authority = (authority << 8) | bytes[i];
        }

        var text = new StringBuilder("S-").Append(bytes[0].ToString(CultureInfo.InvariantCulture)).Append('-').Append(authority.ToString(CultureInfo.InvariantCulture));
        for (var i = 0; i < bytes[1]; i++)
        {
            text.Append('-').Append(BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(8 + (4 * i), 4)).ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>An AD Int64 time (100 ns ticks since 1601-01-01 UTC) as ISO-8601 UTC; 0 is 1601-01-01, "never" is 9999-12-31.</summary>
    /// <param name="text">The integer text as sent by the server.</param>
    /// <returns>The ISO text, or null when the text is not a non-negative integer.</returns>
    public static string? FileTimeText(string text)
    {
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ticks) || ticks < 0)
        {
            return null;
        }

        var time = ticks >= MaxFileTime ? DateTime.MaxValue : DateTime.FromFileTimeUtc(ticks);
        return Iso(new DateTimeOffset(time, TimeSpan.Zero));
    }

    /// <summary>A GeneralizedTime (<c>YYYYMMDDHH[MM[SS]][.f]Z</c> or with a <c>±HH[MM]</c> offset) as ISO-8601 UTC.</summary>
    /// <param name="text">The value as sent by the server.</param>
    /// <returns>The ISO text, or null when the text is not a GeneralizedTime.</returns>
    public static string? GeneralizedTimeText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var end = text.Length;
        var offset = TimeSpan.Zero;
        if (end > 0 && text[end - 1] is 'Z' or 'z')
        {
            end--;
        }
        else
        {
            var sign = text.LastIndexOfAny(['+', '-']);
            if (sign < 10 || !TryOffset(text.AsSpan(sign), out offset))
            {
                return null;
            }

            end = sign;
        }

        var body = text.AsSpan(0, end);
        var fractionStart = body.IndexOfAny('.', ',');
        var digits = fractionStart < 0 ? body : body[..fractionStart];
        if (digits.Length is not (10 or 12 or 14) || !IsDigits(digits))
        {
            return null;
        }

        var fractionTicks = 0L;
        if (fractionStart >= 0)
        {
            var fraction = body[(fractionStart + 1)..];
            if (fraction.Length == 0 || !IsDigits(fraction))
            {
                return null;
            }

            // The fraction belongs to the last unit present (hour, minute or second), as X.680 defines it.
            var unit = digits.Length switch { 10 => TimeSpan.TicksPerHour, 12 => TimeSpan.TicksPerMinute, _ => TimeSpan.TicksPerSecond };
            fractionTicks = (long)(decimal.Parse("0." + fraction.ToString(), CultureInfo.InvariantCulture) * unit);
        }

        var padded = digits.ToString().PadRight(14, '0');
        if (!DateTime.TryParseExact(padded, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        var time = new DateTimeOffset(local, offset).AddTicks(fractionTicks).ToUniversalTime();
        return Iso(time);
    }

    /// <summary>ISO-8601 with a +00:00 offset; microseconds only when non-zero (Python's isoformat, which the seed used).</summary>
    /// <param name="time">The moment.</param>
    /// <returns>The text.</returns>
    public static string Iso(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var microseconds = utc.Ticks % TimeSpan.TicksPerSecond / 10;
        var seconds = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return microseconds == 0
            ? seconds + "+00:00"
            : seconds + "." + microseconds.ToString("D6", CultureInfo.InvariantCulture) + "+00:00";
    }

    private static bool TryOffset(ReadOnlySpan<char> text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        var digits = text[1..];
        if (digits.Length is not (2 or 4) || !IsDigits(digits))
        {
            return false;
        }

        var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
        var minutes = digits.Length == 4 ? int.Parse(digits[2..], CultureInfo.InvariantCulture) : 0;
        offset = new TimeSpan(hours, minutes, 0) * (text[0] == '-' ? -1 : 1);
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}

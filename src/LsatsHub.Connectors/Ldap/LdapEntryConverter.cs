using System.Buffers;
using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LsatsHub.Connectors.Ldap;

/// <summary>Turns a <see cref="SearchResultEntry"/> into an <see cref="LdapEntry"/> (docs/sources.md, Active Directory value forms).</summary>
/// <param name="conversion">Which attribute has which syntax.</param>
internal sealed class LdapEntryConverter(LdapConversion conversion)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The control characters that make a value binary: every <see cref="char.IsControl(char)"/> but tab, CR and LF.</summary>
    private static readonly SearchValues<char> NotText = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'))));

    /// <summary>
    /// What each attribute name is (looked up in up to six case-insensitive sets): once per name and session, not once
    /// per value; a directory returns the same few dozen names on every entry.
    /// </summary>
    private readonly Dictionary<string, ValueKind> _kinds = new(StringComparer.OrdinalIgnoreCase);

    public LdapEntry Convert(SearchResultEntry entry) => Convert(entry.DistinguishedName, entry.Attributes.Values.Cast<DirectoryAttribute>());

    /// <summary>
    /// Converts an entry's attributes; the parts of a ranged attribute (<c>member;range=0-1499</c>,
    /// <c>member;range=1500-*</c>, see <see cref="LdapAttributeRange"/>) are joined under the attribute's own name.
    /// </summary>
    internal LdapEntry Convert(string distinguishedName, IEnumerable<DirectoryAttribute> entryAttributes)
    {
        var values = new Dictionary<string, List<JsonNode?>>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        foreach (var attribute in entryAttributes)
        {
            var name = LdapAttributeRange.BaseName(attribute.Name);
            if (!values.TryGetValue(name, out var list))
            {
                values[name] = list = [];
                names.Add(name);
            }

            var kind = KindOf(name);
            foreach (var bytes in attribute.GetValues(typeof(byte[])))
            {
                list.Add(ConvertValue(kind, (byte[])bytes));
            }
        }

        var attributes = new JsonObject();
        foreach (var name in names)
        {
            attributes[name] = Shape(values[name]);
        }

        return new LdapEntry(distinguishedName, attributes);
    }

    internal JsonNode? ConvertValue(string name, byte[] bytes) => ConvertValue(KindOf(name), bytes);

    private JsonNode? ConvertValue(ValueKind kind, byte[] bytes)
    {
        switch (kind)
        {
            case ValueKind.Guid:
                return LdapValues.GuidText(bytes) ?? Base64(bytes);
            case ValueKind.Sid:
                return LdapValues.SidText(bytes) ?? Base64(bytes);
            case ValueKind.Binary:
                return Base64(bytes);
        }

        var text = Text(bytes);
        if (text is null)
        {
            return Base64(bytes);
        }

        return kind switch
        {
            ValueKind.FileTime => LdapValues.FileTimeText(text) ?? text,
            ValueKind.GeneralizedTime => LdapValues.GeneralizedTimeText(text) ?? text,
            ValueKind.Integer when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
            _ => text,
        };
    }

    private ValueKind KindOf(string name)
    {
        if (!_kinds.TryGetValue(name, out var kind))
        {
            // The same precedence as the sets were always asked in.
            kind = conversion.GuidAttributes.Contains(name) ? ValueKind.Guid
                : conversion.SidAttributes.Contains(name) ? ValueKind.Sid
                : conversion.BinaryAttributes.Contains(name) ? ValueKind.Binary
                : conversion.FileTimeAttributes.Contains(name) ? ValueKind.FileTime
                : conversion.GeneralizedTimeAttributes.Contains(name) ? ValueKind.GeneralizedTime
                : conversion.IntegerAttributes.Contains(name) ? ValueKind.Integer
                : ValueKind.Text;
            _kinds[name] = kind;
        }

        return kind;
    }

    private JsonNode? Shape(List<JsonNode?> values)
    {
        switch (values.Count)
        {
            case 0:
                return string.Empty;
            case 1:
                return values[0];
            case > 1 when !conversion.SortValues:
                return new JsonArray([.. values]);
            default:
                // Sorted so a server returning the same values in another order is not a content change.
                var sorted = values.OrderBy(SortKey).ToArray();
                return new JsonArray(sorted);
        }
    }

    /// <summary>
    /// A value's JSON text without its quotes when it is a string (<see cref="JsonEncodedText"/> escapes as
    /// <see cref="JsonNode.ToJsonString"/> does, without building a writer per value), else its whole JSON text;
    /// <see cref="JsonTextKey"/> orders them exactly as the JSON texts themselves.
    /// </summary>
    private static JsonTextKey SortKey(JsonNode? value) =>
        value is JsonValue text && text.TryGetValue<string>(out var content)
            ? new JsonTextKey(Quoted: true, JsonEncodedText.Encode(content).Value)
            : new JsonTextKey(Quoted: false, value?.ToJsonString());

    private static string Base64(byte[] bytes) => System.Convert.ToBase64String(bytes);

    /// <summary>Strict UTF-8 without control characters other than tab, CR and LF (the seed's rule), trimmed; else null.</summary>
    private static string? Text(byte[] bytes)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        return text.AsSpan().ContainsAny(NotText) ? null : text.Trim();
    }
}

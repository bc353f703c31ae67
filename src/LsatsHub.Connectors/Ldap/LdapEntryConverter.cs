using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace LsatsHub.Connectors.Ldap;

/// <summary>Turns a <see cref="SearchResultEntry"/> into an <see cref="LdapEntry"/> (docs/sources.md, Active Directory value forms).</summary>
/// <param name="conversion">Which attribute has which syntax.</param>
internal sealed class LdapEntryConverter(LdapConversion conversion)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

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

            list.AddRange(attribute.GetValues(typeof(byte[])).Cast<byte[]>().Select(bytes => ConvertValue(name, bytes)));
        }

        var attributes = new JsonObject();
        foreach (var name in names)
        {
            attributes[name] = Shape(values[name]);
        }

        return new LdapEntry(distinguishedName, attributes);
    }

    internal JsonNode? ConvertValue(string name, byte[] bytes)
    {
        if (conversion.GuidAttributes.Contains(name))
        {
            return LdapValues.GuidText(bytes) ?? Base64(bytes);
        }

        if (conversion.SidAttributes.Contains(name))
        {
            return LdapValues.SidText(bytes) ?? Base64(bytes);
        }

        if (conversion.BinaryAttributes.Contains(name))
        {
            return Base64(bytes);
        }

        var text = Text(bytes);
        if (text is null)
        {
            return Base64(bytes);
        }

        if (conversion.FileTimeAttributes.Contains(name))
        {
            return LdapValues.FileTimeText(text) ?? text;
        }

        if (conversion.GeneralizedTimeAttributes.Contains(name))
        {
            return LdapValues.GeneralizedTimeText(text) ?? text;
        }

        if (conversion.IntegerAttributes.Contains(name) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        return text;
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
                var sorted = values.OrderBy(value => value?.ToJsonString(), StringComparer.Ordinal).ToArray();
                return new JsonArray(sorted);
        }
    }

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

        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\t' or '\r' or '\n'))
            {
                return null;
            }
        }

        return text.Trim();
    }
}

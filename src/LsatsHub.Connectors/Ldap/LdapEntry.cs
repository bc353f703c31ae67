using System.Text.Json.Nodes;

namespace LsatsHub.Connectors.Ldap;

/// <summary>
/// One entry as bronze stores it: its DN and its attributes converted per <see cref="LdapConversion"/> (one value →
/// scalar, several → array sorted by ordinal text, no value → empty string).
/// </summary>
/// <param name="DistinguishedName">The entry's DN.</param>
/// <param name="Attributes">Attribute name (as the server spelled it) → converted value; a fresh object the caller owns.</param>
public sealed record LdapEntry(string DistinguishedName, JsonObject Attributes)
{
    /// <summary>The converted value of an attribute as text (first element of an array), or null when absent or empty.</summary>
    /// <param name="name">The attribute, case-insensitive.</param>
    /// <returns>The text.</returns>
    public string? Text(string name)
    {
        var node = Find(name);
        if (node is JsonArray array)
        {
            node = array.Count > 0 ? array[0] : null;
        }

        var text = node?.ToString();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>The converted value of an attribute, case-insensitive, or null.</summary>
    /// <param name="name">The attribute.</param>
    /// <returns>The node.</returns>
    public JsonNode? Find(string name)
    {
        if (Attributes.TryGetPropertyValue(name, out var exact))
        {
            return exact;
        }

        foreach (var (key, value) in Attributes)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}

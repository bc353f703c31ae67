using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LsatsHub.Connectors.Tdx;

/// <summary>Tolerant reads of TDX JSON fields: TDX sends some numbers as strings, and a missing or odd field is null.</summary>
public static class TdxFields
{
    /// <summary>An int field (a number or a numeric string), or null.</summary>
    /// <param name="o">The object; may be null.</param>
    /// <param name="name">The field name.</param>
    /// <returns>The value or null.</returns>
    public static int? Int(JsonObject? o, string name) => o?[name] is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.Number => v.TryGetValue<int>(out var i) ? i : (int)v.GetValue<double>(),
            JsonValueKind.String => int.TryParse(v.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null,
            _ => null,
        }
        : null;

    /// <summary>A string field, or null.</summary>
    /// <param name="o">The object; may be null.</param>
    /// <param name="name">The field name.</param>
    /// <returns>The value or null.</returns>
    public static string? String(JsonObject? o, string name) => o?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>An ISO-8601 date field (read as UTC when it names no offset), or null.</summary>
    /// <param name="o">The object; may be null.</param>
    /// <param name="name">The field name.</param>
    /// <returns>The value or null.</returns>
    public static DateTimeOffset? Date(JsonObject? o, string name) =>
        String(o, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LsatsHub.Compliance.Outreach;

/// <summary>Tolerant reads of TDX JSON fields (numbers may arrive as strings).</summary>
internal static class JsonRead
{
    public static int? Int(JsonObject? o, string name) => o?[name] is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.Number => v.TryGetValue<int>(out var i) ? i : (int)v.GetValue<double>(),
            JsonValueKind.String => int.TryParse(v.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null,
            _ => null,
        }
        : null;

    public static string? String(JsonObject? o, string name) => o?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static DateTimeOffset? Date(JsonObject? o, string name) =>
        String(o, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;
}

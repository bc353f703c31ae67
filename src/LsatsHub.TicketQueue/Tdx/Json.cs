using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LsatsHub.TicketQueue.Tdx;

/// <summary>Tolerant reads of TDX JSON fields (numbers may arrive as strings).</summary>
public static class Json
{
    /// <summary>An int field, or null.</summary>
    public static int? Int(JsonObject? o, string name) => o?[name] is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.Number => v.TryGetValue<int>(out var i) ? i : (int)v.GetValue<double>(),
            JsonValueKind.String => int.TryParse(v.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null,
            _ => null,
        }
        : null;

    /// <summary>A string field, or null.</summary>
    public static string? String(JsonObject? o, string name) => o?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}

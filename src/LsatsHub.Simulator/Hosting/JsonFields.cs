using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LsatsHub.Simulator.Hosting;

/// <summary>Reads request JSON the way TDX does: property names case-insensitive, numbers and booleans also as strings.</summary>
public static class JsonFields
{
    /// <summary>The property named <paramref name="name"/> (any case), or null.</summary>
    public static JsonNode? Get(JsonObject? body, string name)
    {
        if (body is null)
        {
            return null;
        }

        foreach (var (key, value) in body)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>A string property; null when absent, null or empty.</summary>
    public static string? String(JsonObject? body, string name) => Get(body, name) switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() is { Length: > 0 } s ? s : null,
        JsonValue v => v.ToJsonString(),
        _ => null,
    };

    /// <summary>An integer property ("10014" accepted); null when absent or empty.</summary>
    public static int? Int(JsonObject? body, string name) => ToInt(Get(body, name));

    /// <summary>A boolean property ("True"/"false" accepted); null when absent, null, empty or "None".</summary>
    public static bool? Bool(JsonObject? body, string name) => ToBool(Get(body, name));

    /// <summary>An integer list; throws <see cref="FormatException"/> naming the field when an item is not an integer.</summary>
    public static List<int>? IntList(JsonObject? body, string name)
    {
        if (Get(body, name) is not JsonArray array)
        {
            return null;
        }

        try
        {
            return [.. array.Select(item => ToInt(item) ?? throw new FormatException($"got {item?.ToJsonString() ?? "null"}."))];
        }
        catch (FormatException e)
        {
            throw new FormatException($"{name} must hold integers: {e.Message}", e);
        }
    }

    /// <summary>A string list.</summary>
    public static List<string>? StringList(JsonObject? body, string name) =>
        Get(body, name) is JsonArray array ? [.. array.Select(i => i?.ToString() ?? string.Empty)] : null;

    /// <summary>Integer from a number or numeric string.</summary>
    public static int? ToInt(JsonNode? node) => node switch
    {
        // A value the store set itself (e.g. SaveCi's normalised TypeID) holds an int, not a parsed JSON number.
        JsonValue v when v.TryGetValue<int>(out var stored) => stored,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<decimal>() is var d && d == Math.Truncate(d) ? (int)d : throw new FormatException($"{d} is not an integer."),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() is { Length: > 0 } s
            ? int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw new FormatException($"'{s}' is not an integer.")
            : null,
        _ => null,
    };

    /// <summary>Boolean from a JSON boolean or a Python-rendered string.</summary>
    public static bool? ToBool(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() is JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() is JsonValueKind.False => false,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => ParseBool(v.GetValue<string>()),
        _ => null,
    };

    /// <summary>"True"/"false"/"None"/"" → bool or null.</summary>
    public static bool? ParseBool(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "TRUE" or "1" => true,
        "FALSE" or "0" => false,
        _ => null,
    };
}

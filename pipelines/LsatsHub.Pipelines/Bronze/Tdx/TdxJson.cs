using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LsatsHub.Pipelines.Bronze.Tdx;

/// <summary>Small readers for TDX JSON.</summary>
internal static class TdxJson
{
    /// <summary>A key value as text: a number or non-empty string; otherwise null.</summary>
    public static string? Key(JsonNode? record, string name)
    {
        var value = (record as JsonObject)?[name];
        return value?.GetValueKind() switch
        {
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.String when !string.IsNullOrWhiteSpace(value.GetValue<string>()) => value.GetValue<string>().Trim(),
            _ => null,
        };
    }

    /// <summary>A key that must be an integer id.</summary>
    public static int? IntKey(JsonNode? record, string name) =>
        Key(record, name) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null;
}

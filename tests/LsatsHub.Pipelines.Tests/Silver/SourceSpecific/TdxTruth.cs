using System.Globalization;
using System.Text.Json.Nodes;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Tests.Silver.SourceSpecific;

/// <summary>How a TDX JSON value reads back from silver (PostgreSQL's text of the typed column).</summary>
public static class TdxTruth
{
    public static string? Text(JsonObject record, string key) =>
        record[key] is JsonValue value && value.TryGetValue<string>(out var text) && text.Trim().Length > 0 ? text.Trim() : null;

    public static string? Number(JsonObject record, string key, bool zeroIsNull = false) =>
        Decimal(record, key) is { } number && !(zeroIsNull && number == 0) ? number.ToString("0.##########", CultureInfo.InvariantCulture) : null;

    public static string? Money(JsonObject record, string key, bool zeroIsNull = false) =>
        Decimal(record, key) is { } number && !(zeroIsNull && number == 0) ? number.ToString("0.00", CultureInfo.InvariantCulture) : null;

    private static decimal? Decimal(JsonObject record, string key) =>
        record[key] is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture) : null;

    public static string? Uuid(JsonObject record, string key) =>
        Text(record, key) is { } text && Guid.Parse(text) != Guid.Empty ? text.ToLowerInvariant() : null;

    public static string? Bool(JsonObject record, string key) =>
        record[key] is JsonValue value && value.TryGetValue<bool>(out var flag) ? (flag ? "true" : "false") : null;

    /// <summary>An ISO-8601 time as timestamptz text in UTC; TDX's 0001-01-01 "no date" is NULL.</summary>
    public static string? Time(string? iso) =>
        iso is null || iso.StartsWith("0001-01-01", StringComparison.Ordinal) ? null
            : DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "+00";

    public static string? Json(JsonObject record, string key, string whenMissing) => record[key]?.ToJsonString() ?? whenMissing;

    /// <summary>
    /// What bronze holds for an entity after the next generation was ingested over <paramref name="before"/>: the new
    /// record when the ingest's hash fields changed (the ingest writes a version, the enrichment follows), else still
    /// the old one (nothing was written, so nothing was enriched again).
    /// </summary>
    public static JsonObject Stored(BronzeEntity entity, JsonObject beforeBasic, JsonObject afterBasic, JsonObject beforeFull, JsonObject afterFull) =>
        entity.HashFields!.All(field => JsonNode.DeepEquals(beforeBasic[field], afterBasic[field])) ? beforeFull : afterFull;
}

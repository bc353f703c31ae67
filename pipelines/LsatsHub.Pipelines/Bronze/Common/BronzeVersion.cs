using System.Text.Json.Nodes;

namespace LsatsHub.Pipelines.Bronze.Common;

/// <summary>One stored version of an entity, as read back from <c>bronze.raw_entities</c>.</summary>
/// <param name="RawId">The row's id.</param>
/// <param name="ExternalId">The entity's key.</param>
/// <param name="RawData">The stored data, including underscore metadata such as <c>_content_hash</c>.</param>
/// <param name="IngestedAt">When the version was written.</param>
public sealed record BronzeVersion(Guid RawId, string ExternalId, JsonObject RawData, DateTimeOffset IngestedAt)
{
    /// <summary>The base content hash (<c>_content_hash</c>) of the version, if it has one.</summary>
    public string? ContentHash => RawData[BronzeEntity.DefaultHashKey]?.GetValue<string>();
}

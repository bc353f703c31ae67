using System.Text.Json.Nodes;

namespace LsatsHub.Pipelines.Bronze.Common;

/// <summary>
/// How enrichment steps (a detail call per entity, e.g. TDX <c>people/{uid}</c>) append versions without making the
/// base ingest see a change, and without calling the API again for entities that did not change.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>Select candidates with <see cref="LatestVersions.ReadNeedingEnrichmentAsync"/>: latest non-deleted versions that
/// are not an enrichment of the current base content (a new base version has no <see cref="EnrichedFromKey"/>).</item>
/// <item>Fetch the detail and build the record with <see cref="ToRecord"/>: the detail plus the base version's
/// <c>_content_hash</c> (so the base ingest, comparing <c>_content_hash</c>, still sees "unchanged") and
/// <see cref="EnrichedFromKey"/> with the same value (so the next enrichment skips it).</item>
/// <item>Write with <see cref="BronzeEntity.ForEnrichment"/>, never with <see cref="BronzeWriteOptions.CompleteFullFetch"/>.</item>
/// </list>
/// The base ingest must hash fields the detail endpoint returns identically; a field that differs between the two
/// endpoints belongs out of the base hash fields.
/// </remarks>
public static class BronzeEnrichment
{
    /// <summary>The key that records which base content hash an enrichment version was made from.</summary>
    public const string EnrichedFromKey = "_enriched_from_hash";

    /// <summary>Builds the enrichment record for one base version.</summary>
    /// <param name="baseVersion">The version the enrichment started from (from <see cref="LatestVersions"/>).</param>
    /// <param name="detail">The detailed data; its own top-level underscore keys are kept as metadata.</param>
    /// <returns>A record for <see cref="BronzeWriter"/>; the two keys are added to <paramref name="detail"/> itself.</returns>
    public static BronzeRecord ToRecord(BronzeVersion baseVersion, JsonObject detail)
    {
        ArgumentNullException.ThrowIfNull(baseVersion);
        ArgumentNullException.ThrowIfNull(detail);
        var baseHash = baseVersion.ContentHash
            ?? throw new ArgumentException($"Version {baseVersion.RawId} of {baseVersion.ExternalId} has no _content_hash to enrich from.", nameof(baseVersion));
        detail[BronzeEntity.DefaultHashKey] = baseHash;
        detail[EnrichedFromKey] = baseHash;
        return new BronzeRecord(baseVersion.ExternalId, detail);
    }
}

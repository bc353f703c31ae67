namespace LsatsHub.Pipelines.Bronze.Common;

/// <summary>
/// One source/entity slice of <c>bronze.raw_entities</c> (e.g. <c>tdx</c>/<c>user</c>) and how a version's content hash is made.
/// </summary>
public sealed record BronzeEntity
{
    /// <summary>The key inside <c>raw_data</c> that holds the content hash of a base ingest.</summary>
    public const string DefaultHashKey = "_content_hash";

    /// <summary>The key an enrichment version uses for its own hash, so the base hash can ride along unchanged.</summary>
    public const string EnrichmentHashKey = "_enriched_content_hash";

    /// <summary>Creates a descriptor.</summary>
    /// <param name="sourceSystem">The <c>source_system</c> value, e.g. <c>tdx</c> (at most 50 characters).</param>
    /// <param name="entityType">The <c>entity_type</c> value, e.g. <c>user</c> (at most 50 characters).</param>
    /// <param name="hashFields">
    /// The top-level keys whose values make the content hash; null means every key that does not start with an underscore.
    /// Underscore keys are metadata and may not be listed.
    /// </param>
    public BronzeEntity(string sourceSystem, string entityType, IReadOnlyList<string>? hashFields = null)
    {
        SourceSystem = RequireName(sourceSystem, nameof(sourceSystem));
        EntityType = RequireName(entityType, nameof(entityType));
        HashFields = ValidateHashFields(hashFields);
    }

    /// <summary>The <c>source_system</c> column value.</summary>
    public string SourceSystem { get; }

    /// <summary>The <c>entity_type</c> column value.</summary>
    public string EntityType { get; }

    /// <summary>The top-level keys hashed; null = all keys not starting with an underscore.</summary>
    public IReadOnlyList<string>? HashFields { get; private init; }

    /// <summary>
    /// The <c>raw_data</c> key the writer stores the content hash under and compares against the latest version.
    /// <see cref="DefaultHashKey"/> for ingests; enrichment uses <see cref="ForEnrichment"/>.
    /// </summary>
    public string HashKey { get; private init; } = DefaultHashKey;

    /// <summary>
    /// The same slice as written by an enrichment step: versions are compared on <see cref="EnrichmentHashKey"/> over all
    /// non-underscore keys, while the base <c>_content_hash</c> the enrichment started from is kept as given
    /// (see <see cref="BronzeEnrichment"/>), so the base ingest still sees the entity as unchanged.
    /// </summary>
    /// <returns>A descriptor for the enrichment writer.</returns>
    public BronzeEntity ForEnrichment() => this with { HashFields = null, HashKey = EnrichmentHashKey };

    /// <inheritdoc />
    public override string ToString() => $"{SourceSystem}/{EntityType}";

    private static string RequireName(string value, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 50)
        {
            throw new ArgumentException($"A bronze {parameterName} must be 1 to 50 characters, got '{value}'.", parameterName);
        }

        return value;
    }

    private static readonly string[] WriterKeys =
        [DefaultHashKey, EnrichmentHashKey, BronzeTombstone.DeletedKey, BronzeEnrichment.EnrichedFromKey];

    private static IReadOnlyList<string>? ValidateHashFields(IReadOnlyList<string>? hashFields)
    {
        if (hashFields is null)
        {
            return null;
        }

        if (hashFields.Count == 0)
        {
            throw new ArgumentException("Hash fields, when given, must name at least one key (pass null to hash every non-underscore key).", nameof(hashFields));
        }

        // Underscore keys are metadata and are hashed only when named (A3 hashes its derived child counts);
        // the writer's own bookkeeping keys can never be named, or a version would hash its own hash.
        var metadataKey = hashFields.FirstOrDefault(field => string.IsNullOrEmpty(field) || WriterKeys.Contains(field));
        if (metadataKey is not null)
        {
            throw new ArgumentException(
                $"Hash field '{metadataKey}' is empty or one of the writer's own keys ({string.Join(", ", WriterKeys)}).",
                nameof(hashFields));
        }

        var duplicate = hashFields.GroupBy(field => field, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Hash field '{duplicate.Key}' is listed twice.", nameof(hashFields));
        }

        return hashFields.ToArray();
    }
}

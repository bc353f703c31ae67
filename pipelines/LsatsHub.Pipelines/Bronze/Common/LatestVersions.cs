using System.Data;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace LsatsHub.Pipelines.Bronze.Common;

/// <summary>
/// Reads the latest version of every entity of a slice from the view <c>bronze.latest_raw_entities</c> (the one
/// definition of "latest"), streamed row by row (never all in memory). Tombstoned entities are left out. The query holds a connection and a snapshot until enumeration ends.
/// </summary>
public sealed class LatestVersions
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates a reader.</summary>
    /// <param name="dataSource">The warehouse.</param>
    public LatestVersions(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
    }

    /// <summary>The latest non-deleted version of every entity of the slice, ordered by external id.</summary>
    /// <param name="entity">The slice.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The versions, streamed.</returns>
    public IAsyncEnumerable<BronzeVersion> ReadAsync(BronzeEntity entity, CancellationToken cancellationToken) =>
        QueryAsync(entity, "true", cancellationToken);

    /// <summary>
    /// The latest non-deleted versions that need enrichment: new or changed since their last enrichment, i.e. the latest
    /// version is a base version (it has no <c>_enriched_from_hash</c>) or an enrichment of other content than its
    /// own <c>_content_hash</c>.
    /// </summary>
    /// <param name="entity">The slice (the base descriptor).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The candidates, streamed, ordered by external id.</returns>
    public IAsyncEnumerable<BronzeVersion> ReadNeedingEnrichmentAsync(BronzeEntity entity, CancellationToken cancellationToken) =>
        QueryAsync(entity, NeedsEnrichment, cancellationToken);

    private static readonly string NeedsEnrichment =
        $"raw_data ->> '{BronzeEnrichment.EnrichedFromKey}' IS DISTINCT FROM raw_data ->> '{BronzeEntity.DefaultHashKey}'";

    /// <summary>How many versions <see cref="ReadNeedingEnrichmentAsync"/> would return now (the calls an enrichment will make).</summary>
    /// <param name="entity">The slice (the base descriptor).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The count.</returns>
    public async Task<long> CountNeedingEnrichmentAsync(BronzeEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT count(*)
            FROM bronze.latest_raw_entities
            WHERE entity_type = @entity_type AND source_system = @source_system
              AND NOT is_deleted AND ({NeedsEnrichment})
            """,
            connection)
        {
            CommandTimeout = 0,
        };
        command.Parameters.Add(new NpgsqlParameter("entity_type", NpgsqlDbType.Varchar) { Value = entity.EntityType });
        command.Parameters.Add(new NpgsqlParameter("source_system", NpgsqlDbType.Varchar) { Value = entity.SourceSystem });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async IAsyncEnumerable<BronzeVersion> QueryAsync(
        BronzeEntity entity,
        string filter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT raw_id, external_id, raw_data::text, ingested_at
            FROM bronze.latest_raw_entities
            WHERE entity_type = @entity_type AND source_system = @source_system
              AND NOT is_deleted AND ({filter})
            ORDER BY external_id
            """,
            connection)
        {
            CommandTimeout = 0,
        };
        command.Parameters.Add(new NpgsqlParameter("entity_type", NpgsqlDbType.Varchar) { Value = entity.EntityType });
        command.Parameters.Add(new NpgsqlParameter("source_system", NpgsqlDbType.Varchar) { Value = entity.SourceSystem });
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var rawId = reader.GetGuid(0);
            var externalId = reader.GetString(1);
            var rawData = JsonNode.Parse(reader.GetString(2))!.AsObject();
            var ingestedAt = reader.GetFieldValue<DateTimeOffset>(3);
            yield return new BronzeVersion(rawId, externalId, rawData, ingestedAt);
        }
    }
}

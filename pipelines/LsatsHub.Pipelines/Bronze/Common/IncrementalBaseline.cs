using System.Text.Json.Nodes;
using Dapper;
using LsatsHub.Engine;

namespace LsatsHub.Pipelines.Bronze.Common;

/// <summary>
/// Where an incremental bronze read may continue from: the metadata of the entity's last completed run, provided a
/// full fetch completed within the last <c>fullSyncDays</c> days. Shared by the AD uSNChanged and the MCommunity
/// modifyTimestamp reads, which keep their own mark inside that metadata (docs/bronze-incremental.md).
/// </summary>
internal static class IncrementalBaseline
{
    /// <summary>The last completed run's metadata, or null when this run must fetch everything.</summary>
    public static async Task<JsonObject?> LoadAsync(StepContext context, BronzeEntity entity, int fullSyncDays, CancellationToken cancellationToken)
    {
        if (fullSyncDays <= 0)
        {
            return null;
        }

        await using var connection = await context.DataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<BaselineRow>(new CommandDefinition(
            """
            SELECT
              (SELECT metadata::text FROM meta.ingestion_runs
                WHERE source_system = @SourceSystem AND entity_type = @EntityType AND status = 'completed'
                ORDER BY started_at DESC LIMIT 1) AS "LastMetadata",
              (SELECT max(started_at) FROM meta.ingestion_runs
                WHERE source_system = @SourceSystem AND entity_type = @EntityType AND status = 'completed'
                  AND metadata->>'ingestion_type' = 'full') AS "LastFull"
            """,
            new { entity.SourceSystem, entity.EntityType },
            cancellationToken: cancellationToken));
        if (row.LastFull is not { } lastFull || row.LastMetadata is null
            || new DateTimeOffset(DateTime.SpecifyKind(lastFull, DateTimeKind.Utc)).AddDays(fullSyncDays) <= context.Clock.GetUtcNow())
        {
            return null;
        }

        return JsonNode.Parse(row.LastMetadata) as JsonObject;
    }

    private sealed class BaselineRow
    {
        public string? LastMetadata { get; init; }

        public DateTime? LastFull { get; init; }
    }
}

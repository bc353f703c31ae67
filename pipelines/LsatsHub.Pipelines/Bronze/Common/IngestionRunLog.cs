using System.Text.Json.Nodes;
using Dapper;
using Npgsql;

namespace LsatsHub.Pipelines.Bronze.Common;

/// <summary>
/// Keeps <c>meta.ingestion_runs</c> as the original scripts did (running → completed/failed), so the seed's health
/// queries and <c>meta.current_ingestion_status</c> keep working. A dry run must not use it (no side effects).
/// </summary>
/// <remarks>
/// Counters: <c>records_processed</c> = everything the source yielded (good, duplicate and bad records);
/// <c>records_created</c> = versions of new entities; <c>records_updated</c> = versions of changed (or reappeared)
/// entities — unlike most original scripts, where it held the unchanged count. <c>metadata</c> also holds
/// <c>unchanged</c>, <c>deleted</c>, <c>errors</c>, <c>duplicates</c>, <c>error_samples</c> and <c>dry_run</c>.
/// </remarks>
public sealed class IngestionRunLog
{
    /// <summary>The message a run left running by a dead process is failed with (the original's wording).</summary>
    public const string StaleMessage = "stale - process terminated before completing";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _clock;

    /// <summary>Creates the log.</summary>
    /// <param name="dataSource">The warehouse.</param>
    /// <param name="clock">The clock for started/completed times.</param>
    public IngestionRunLog(NpgsqlDataSource dataSource, TimeProvider clock)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>
    /// Marks runs of the same source/entity still 'running' as failed (their process died: one pipeline run at a time
    /// holds the run lock), then records a new running run.
    /// </summary>
    /// <param name="sourceSystem">The source, e.g. <c>tdx</c>.</param>
    /// <param name="entityType">The entity type, e.g. <c>user</c>.</param>
    /// <param name="metadata">Run metadata (e.g. <c>ingestion_type</c>, search base); may be null.</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    /// <returns>The new run's id.</returns>
    public async Task<Guid> StartAsync(string sourceSystem, string entityType, JsonObject? metadata, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceSystem);
        ArgumentException.ThrowIfNullOrWhiteSpace(entityType);
        var runId = Guid.NewGuid();
        var now = _clock.GetUtcNow();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE meta.ingestion_runs
            SET status = 'failed', completed_at = @Now, error_message = @StaleMessage
            WHERE source_system = @SourceSystem AND entity_type = @EntityType AND status = 'running';

            INSERT INTO meta.ingestion_runs (run_id, source_system, entity_type, started_at, status, metadata)
            VALUES (@RunId, @SourceSystem, @EntityType, @Now, 'running', @Metadata::jsonb);
            """,
            new { RunId = runId, SourceSystem = sourceSystem, EntityType = entityType, Now = now, StaleMessage, Metadata = (metadata ?? []).ToJsonString() },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return runId;
    }

    /// <summary>Records a run as completed with its counts.</summary>
    /// <param name="runId">The run from <see cref="StartAsync"/>.</param>
    /// <param name="result">What the write did.</param>
    /// <param name="extraMetadata">More keys for <c>metadata</c>, e.g. <c>api_calls</c>, <c>rate_limited_responses</c>; may be null.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns>A task.</returns>
    public Task CompleteAsync(Guid runId, BronzeWriteResult result, JsonObject? extraMetadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var metadata = new JsonObject
        {
            ["unchanged"] = result.Unchanged,
            ["deleted"] = result.Deleted,
            ["errors"] = result.BadRecords,
            ["duplicates"] = result.Duplicates,
            ["error_samples"] = new JsonArray(result.BadRecordSamples
                .Select(sample => (JsonNode)new JsonObject { ["external_id"] = sample.ExternalId, ["reason"] = sample.Reason })
                .ToArray()),
            ["dry_run"] = result.DryRun,
        };
        foreach (var (key, value) in extraMetadata ?? [])
        {
            metadata[key] = value?.DeepClone();
        }

        return CompleteAsync(runId, result.Received, result.Created, result.Updated, metadata, cancellationToken);
    }

    /// <summary>Records a run as completed with counts that are not a bronze write's (e.g. a silver transform's).</summary>
    /// <param name="runId">The run from <see cref="StartAsync"/>.</param>
    /// <param name="processed">Goes to <c>records_processed</c>.</param>
    /// <param name="created">Goes to <c>records_created</c>.</param>
    /// <param name="updated">Goes to <c>records_updated</c>.</param>
    /// <param name="metadata">Merged into the run's <c>metadata</c>.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns>A task.</returns>
    public Task CompleteAsync(Guid runId, long processed, long created, long updated, JsonObject metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return UpdateAsync(
            runId,
            """
            UPDATE meta.ingestion_runs
            SET status = 'completed', completed_at = @Now, error_message = NULL,
                records_processed = @Processed, records_created = @Created, records_updated = @Updated,
                metadata = COALESCE(metadata, '{}'::jsonb) || @Metadata::jsonb
            WHERE run_id = @RunId
            """,
            new
            {
                RunId = runId,
                Now = _clock.GetUtcNow(),
                Processed = checked((int)processed),
                Created = checked((int)created),
                Updated = checked((int)updated),
                Metadata = metadata.ToJsonString(),
            },
            cancellationToken);
    }

    /// <summary>Records a run as failed.</summary>
    /// <param name="runId">The run from <see cref="StartAsync"/>.</param>
    /// <param name="errorMessage">Why, for people; must not contain secrets.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns>A task.</returns>
    public Task FailAsync(Guid runId, string errorMessage, CancellationToken cancellationToken) =>
        UpdateAsync(
            runId,
            """
            UPDATE meta.ingestion_runs
            SET status = 'failed', completed_at = @Now, error_message = @ErrorMessage
            WHERE run_id = @RunId
            """,
            new { RunId = runId, Now = _clock.GetUtcNow(), ErrorMessage = errorMessage },
            cancellationToken);

    private async Task UpdateAsync(Guid runId, string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        if (rows != 1)
        {
            throw new InvalidOperationException($"Ingestion run {runId} does not exist in meta.ingestion_runs.");
        }
    }
}

using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace LsatsHub.Pipelines.Bronze.Common;

/// <summary>
/// The one way bronze steps write <c>bronze.raw_entities</c>: records stream through canonical JSON and a content hash
/// into a staging table by binary COPY, then one set-based INSERT adds the versions that are new or changed against the
/// latest version of each external id, and (after a complete full fetch) one more adds tombstones for entities that
/// disappeared. One connection, one transaction, no per-row round trips, memory bounded by one record.
/// </summary>
/// <remarks>
/// <para>
/// Latest version = the row with the greatest <c>ingested_at</c> per external id within the slice, as the view
/// <c>bronze.latest_raw_entities</c> defines it. The writer stamps
/// <c>ingested_at</c> with <c>statement_timestamp()</c> (not the transaction start, which is when the fetch began), so
/// a version is never older than one committed while the fetch was still running. One writer per slice at a time
/// (the engine's DAG guarantees it).
/// </para>
/// <para>
/// A version's <c>ingestion_metadata</c> says why it was written: <c>{"change": "new"|"changed"|"reappeared"}</c>,
/// and <c>{"change": "deleted", "_deleted": true}</c> for a tombstone, whose <c>raw_data</c> is
/// <c>{"_deleted": true, "_content_hash": "deleted", "_deleted_at": "&lt;ISO-8601 UTC&gt;"}</c>.
/// </para>
/// <para>
/// The transaction stays open while the source is read. A source that takes hours (one API call per record) should
/// write in chunks (one <see cref="WriteAsync"/> per chunk, <see cref="BronzeWriteOptions.CompleteFullFetch"/> false).
/// </para>
/// </remarks>
public sealed class BronzeWriter
{
    private const int SampleLimit = 20;
    private const string StagingTable = "pg_temp.lsats_bronze_staging";
    private const string LatestTable = "pg_temp.lsats_bronze_latest";

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;

    /// <summary>Creates a writer.</summary>
    /// <param name="dataSource">The warehouse.</param>
    /// <param name="logger">Where bad records and the outcome are logged.</param>
    /// <param name="clock">The clock (tombstone timestamps, durations).</param>
    public BronzeWriter(NpgsqlDataSource dataSource, ILogger logger, TimeProvider clock)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>Writes one fetch of a slice: new and changed versions, tombstones if the fetch was complete.</summary>
    /// <param name="entity">The slice and its hash rule.</param>
    /// <param name="records">The fetch, streamed; it may contain bad records. Enumerated once.</param>
    /// <param name="options">Run id, full-fetch flag, bad-record threshold, dry run.</param>
    /// <param name="cancellationToken">Cancels the fetch and the write; nothing is written then.</param>
    /// <returns>The counts (what would be inserted, in a dry run).</returns>
    /// <exception cref="BronzeBadRecordsException">Too many bad records; nothing was written.</exception>
    public async Task<BronzeWriteResult> WriteAsync(
        BronzeEntity entity,
        IAsyncEnumerable<BronzeRecordOrError> records,
        BronzeWriteOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(options);
        ValidateOptions(options);

        var started = _clock.GetTimestamp();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"""
            SET LOCAL work_mem = '64MB';
            CREATE TEMP TABLE {StagingTable} (
                seq          bigint NOT NULL,
                external_id  text   NOT NULL,
                raw_data     jsonb,
                content_hash text
            ) ON COMMIT DROP;
            """, null, cancellationToken);

        var streamed = await CopyIntoStagingAsync(connection, entity, records, options, cancellationToken);
        var copied = _clock.GetElapsedTime(started);
        var duplicates = await RemoveDuplicatesAsync(connection, transaction, cancellationToken);

        var counts = new BronzeWriteResult
        {
            Received = streamed.Received,
            BadRecords = streamed.BadRecords,
            Duplicates = duplicates,
            Staged = streamed.Received - streamed.BadRecords - duplicates,
            BadRecordSamples = streamed.Samples,
            DryRun = options.DryRun,
        };
        if (counts.Received > 0 && (double)counts.BadRecords / counts.Received > options.MaxBadRecordShare)
        {
            var failure = new BronzeBadRecordsException(entity, counts, options.MaxBadRecordShare);
            _logger.LogError("{Message}", failure.Message);
            throw failure;
        }

        await ExecuteAsync(connection, transaction, $"ANALYZE {StagingTable}", null, cancellationToken);
        await CreateLatestTableAsync(connection, transaction, entity, options.TombstoneScope, wholeSlice: options.CompleteFullFetch, cancellationToken);
        var (created, updated) = await InsertChangedAsync(connection, transaction, entity, options.IngestionRunId, cancellationToken);
        var deleted = options.CompleteFullFetch
            ? await InsertTombstonesAsync(connection, transaction, entity, options, counts.Staged, cancellationToken)
            : 0;
        counts = counts with { Created = created, Updated = updated, Deleted = deleted };
        var compared = _clock.GetElapsedTime(started);

        if (options.DryRun)
        {
            await transaction.RollbackAsync(cancellationToken);
        }
        else
        {
            await transaction.CommitAsync(cancellationToken);
        }

        _logger.LogInformation(
            "{Entity}: {Summary} in {Elapsed:0.0} s (fetch and copy {Copied:0.0} s, compare and insert {Compared:0.0} s)",
            entity,
            counts.ToSummary(),
            _clock.GetElapsedTime(started).TotalSeconds,
            copied.TotalSeconds,
            (compared - copied).TotalSeconds);
        return counts;
    }

    private static void ValidateOptions(BronzeWriteOptions options)
    {
        if (!options.DryRun && options.IngestionRunId is null)
        {
            throw new ArgumentException("A bronze write needs the ingestion run id its versions belong to (only a dry run may omit it).", nameof(options));
        }

        if (double.IsNaN(options.MaxBadRecordShare) || options.MaxBadRecordShare is < 0 or > 1)
        {
            throw new ArgumentException($"MaxBadRecordShare must be between 0 and 1, got {options.MaxBadRecordShare}.", nameof(options));
        }

        if (options.TombstoneScope is { } scope && (string.IsNullOrEmpty(scope.Key) || scope.Values is null || scope.Values.Count == 0))
        {
            throw new ArgumentException("A tombstone scope needs a key and at least one value.", nameof(options));
        }
    }

    private async Task<(long Received, long BadRecords, IReadOnlyList<BronzeRecordError> Samples)> CopyIntoStagingAsync(
        NpgsqlConnection connection,
        BronzeEntity entity,
        IAsyncEnumerable<BronzeRecordOrError> records,
        BronzeWriteOptions options,
        CancellationToken cancellationToken)
    {
        var hashBuffer = new ArrayBufferWriter<byte>();
        var rawBuffer = new ArrayBufferWriter<byte>();
        var samples = new List<BronzeRecordError>();
        long received = 0;
        long bad = 0;

        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {StagingTable} (seq, external_id, raw_data, content_hash) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        var progress = options.Progress;
        await foreach (var item in records.WithCancellation(cancellationToken))
        {
            received++;
            progress?.Add();
            var error = item is null
                ? new BronzeRecordError(null, "the source yielded a null item")
                : item.Error;
            string? rawJson = null;
            string? hash = null;
            if (error is null)
            {
                (rawJson, hash, error) = Prepare(item!.Record!, entity, hashBuffer, rawBuffer);
            }

            if (error is not null)
            {
                bad++;
                if (samples.Count < SampleLimit)
                {
                    samples.Add(error);
                }

                LogBadRecord(entity, error, bad, options.MaxBadRecordsLogged);
                if (IsStorableExternalId(error.ExternalId))
                {
                    // Staged without data: the entity was seen, so a complete fetch must not tombstone it.
                    await importer.StartRowAsync(cancellationToken);
                    await importer.WriteAsync(received, NpgsqlDbType.Bigint, cancellationToken);
                    await importer.WriteAsync(error.ExternalId!, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteNullAsync(cancellationToken);
                    await importer.WriteNullAsync(cancellationToken);
                }

                continue;
            }

            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(received, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(item!.Record!.ExternalId, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(rawJson!, NpgsqlDbType.Jsonb, cancellationToken);
            await importer.WriteAsync(hash!, NpgsqlDbType.Text, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
        return (received, bad, samples);
    }

    private static bool IsStorableExternalId(string? externalId) =>
        !string.IsNullOrWhiteSpace(externalId) && externalId.Length <= 255 && !externalId.Contains('\0', StringComparison.Ordinal);

    private static (string? RawJson, string? Hash, BronzeRecordError? Error) Prepare(
        BronzeRecord record,
        BronzeEntity entity,
        ArrayBufferWriter<byte> hashBuffer,
        ArrayBufferWriter<byte> rawBuffer)
    {
        var externalId = record.ExternalId;
        if (string.IsNullOrWhiteSpace(externalId))
        {
            return (null, null, new BronzeRecordError(null, "the record has no external id"));
        }

        if (externalId.Length > 255)
        {
            return (null, null, new BronzeRecordError(externalId[..40] + "…", $"the external id is {externalId.Length} characters long; at most 255 fit"));
        }

        if (externalId.Contains('\0', StringComparison.Ordinal))
        {
            return (null, null, new BronzeRecordError(externalId.Replace("\0", "\\0", StringComparison.Ordinal), "the external id contains a NUL character"));
        }

        if (record.RawData is null)
        {
            return (null, null, new BronzeRecordError(externalId, "the record has no data"));
        }

        if (record.RawData.ContainsKey(BronzeTombstone.DeletedKey))
        {
            return (null, null, new BronzeRecordError(externalId, $"the key '{BronzeTombstone.DeletedKey}' is reserved for tombstones"));
        }

        try
        {
            var hash = CanonicalJson.ContentHash(record.RawData, entity.HashFields, hashBuffer);
            WriteRawData(record, entity.HashKey, hash, rawBuffer);
            if (ContainsEscapedNul(rawBuffer.WrittenSpan))
            {
                return (null, null, new BronzeRecordError(externalId, "the data contains a NUL character (\\u0000), which PostgreSQL jsonb cannot store"));
            }

            return (Encoding.UTF8.GetString(rawBuffer.WrittenSpan), hash, null);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException or NotSupportedException or FormatException)
        {
            return (null, null, new BronzeRecordError(externalId, "the data cannot be serialised as JSON: " + exception.Message));
        }
    }

    private static void WriteRawData(BronzeRecord record, string hashKey, string hash, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(buffer, CanonicalJson.Options);
        writer.WriteStartObject();
        foreach (var property in record.RawData)
        {
            if (string.Equals(property.Key, hashKey, StringComparison.Ordinal))
            {
                continue;
            }

            writer.WritePropertyName(property.Key);
            CanonicalJson.Write(writer, property.Value);
        }

        writer.WriteString(hashKey, hash);
        writer.WriteEndObject();
    }

    // PostgreSQL's jsonb rejects the escape \u0000; a literal backslash before "u0000" (an even run of backslashes) is fine.
    private static bool ContainsEscapedNul(ReadOnlySpan<byte> json)
    {
        ReadOnlySpan<byte> pattern = "u0000"u8;
        var offset = 0;
        while (true)
        {
            var index = json[offset..].IndexOf(pattern);
            if (index < 0)
            {
                return false;
            }

            var position = offset + index;
            var backslashes = 0;
            for (var i = position - 1; i >= 0 && json[i] == (byte)'\\'; i--)
            {
                backslashes++;
            }

            if (backslashes % 2 == 1)
            {
                return true;
            }

            offset = position + pattern.Length;
        }
    }

    private void LogBadRecord(BronzeEntity entity, BronzeRecordError error, long badSoFar, int maxLogged)
    {
        if (badSoFar <= maxLogged)
        {
            _logger.LogWarning("{Entity}: bad record {ExternalId} skipped: {Reason}", entity, error.ExternalId ?? "(no external id)", error.Reason);
        }
        else if (badSoFar == maxLogged + 1)
        {
            _logger.LogWarning("{Entity}: more than {Count} bad records; the rest are only counted", entity, maxLogged);
        }
    }

    private static Task<long> RemoveDuplicatesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        // Keeps the last good record of each external id; a bad record's id row (raw_data NULL) only survives when the
        // id has no good record, so it still protects the entity from a tombstone. Duplicates = good rows removed.
        connection.ExecuteScalarAsync<long>(new CommandDefinition($"""
            WITH removed AS (
                DELETE FROM {StagingTable}
                WHERE seq IN (
                    SELECT seq
                    FROM (SELECT seq,
                                 row_number() OVER (PARTITION BY external_id ORDER BY raw_data IS NOT NULL DESC, seq DESC) AS position
                          FROM {StagingTable}) numbered
                    WHERE position > 1)
                RETURNING raw_data IS NOT NULL AS good
            )
            SELECT count(*) FILTER (WHERE good) FROM removed
            """, null, transaction, commandTimeout: 0, cancellationToken: cancellationToken));

    // A complete full fetch needs the latest version of every entity of the slice (those missing from the fetch get a
    // tombstone). Any other write compares only the external ids it staged: the id array is a restriction on the view's
    // DISTINCT ON column, so PostgreSQL pushes it into the view as an index lookup (idx_bronze_entity_lookup) per id. A
    // chunked write (an enrichment's hundreds of chunks) would otherwise read the whole slice once per chunk, which
    // grows with the square of the slice (docs/scale.md).
    private static Task<int> CreateLatestTableAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        BronzeEntity entity,
        TombstoneScope? scope,
        bool wholeSlice,
        CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, $"""
            CREATE TEMP TABLE {LatestTable} ON COMMIT DROP AS
            SELECT external_id::text      AS external_id,
                   raw_data ->> @HashKey  AS content_hash,
                   is_deleted,
                   raw_data ->> @ScopeKey AS scope_value
            FROM bronze.latest_raw_entities
            WHERE entity_type = @EntityType AND source_system = @SourceSystem
              {(wholeSlice ? string.Empty : $"AND external_id = ANY (ARRAY(SELECT external_id FROM {StagingTable}))")};
            ANALYZE {LatestTable};
            """,
            new { entity.HashKey, ScopeKey = scope?.Key, entity.EntityType, entity.SourceSystem },
            cancellationToken);

    private static async Task<(long Created, long Updated)> InsertChangedAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        BronzeEntity entity,
        Guid? runId,
        CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleAsync<(long Created, long Updated)>(new CommandDefinition($"""
            WITH inserted AS (
                INSERT INTO bronze.raw_entities
                    (entity_type, source_system, external_id, raw_data, ingested_at, ingestion_run_id, ingestion_metadata)
                SELECT @EntityType, @SourceSystem, s.external_id, s.raw_data, statement_timestamp(), @RunId,
                       jsonb_build_object('change', CASE WHEN l.external_id IS NULL THEN 'new'
                                                         WHEN l.is_deleted THEN 'reappeared'
                                                         ELSE 'changed' END)
                FROM {StagingTable} s
                LEFT JOIN {LatestTable} l ON l.external_id = s.external_id
                WHERE s.raw_data IS NOT NULL
                  AND (l.external_id IS NULL
                       OR l.is_deleted
                       OR l.content_hash IS DISTINCT FROM s.content_hash)
                RETURNING ingestion_metadata ->> 'change' AS change
            )
            SELECT count(*) FILTER (WHERE change = 'new')  AS created,
                   count(*) FILTER (WHERE change <> 'new') AS updated
            FROM inserted
            """,
            new { entity.EntityType, entity.SourceSystem, RunId = runId },
            transaction,
            commandTimeout: 0,
            cancellationToken: cancellationToken));
        return row;
    }

    private async Task<long> InsertTombstonesAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        BronzeEntity entity,
        BronzeWriteOptions options,
        long staged,
        CancellationToken cancellationToken)
    {
        if (staged == 0)
        {
            // An empty "complete" fetch is far more often a broken source than a source that emptied overnight.
            _logger.LogWarning("{Entity}: the full fetch was empty; no tombstones written", entity);
            return 0;
        }

        var scope = options.TombstoneScope;
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition($"""
            WITH inserted AS (
                INSERT INTO bronze.raw_entities
                    (entity_type, source_system, external_id, raw_data, ingested_at, ingestion_run_id, ingestion_metadata)
                SELECT @EntityType, @SourceSystem, l.external_id,
                       jsonb_build_object('_deleted', true, '_content_hash', 'deleted', '_deleted_at', @DeletedAt),
                       statement_timestamp(), @RunId,
                       jsonb_build_object('change', 'deleted', '_deleted', true)
                FROM {LatestTable} l
                WHERE NOT l.is_deleted
                  AND NOT EXISTS (SELECT 1 FROM {StagingTable} s WHERE s.external_id = l.external_id)
                  AND (NOT @Scoped OR l.scope_value = ANY(@ScopeValues))
                RETURNING 1
            )
            SELECT count(*) FROM inserted
            """,
            new
            {
                entity.EntityType,
                entity.SourceSystem,
                RunId = options.IngestionRunId,
                DeletedAt = _clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
                Scoped = scope is not null,
                ScopeValues = scope?.Values.ToArray() ?? [],
            },
            transaction,
            commandTimeout: 0,
            cancellationToken: cancellationToken));
    }

    private static Task<int> ExecuteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string sql,
        object? parameters,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, commandTimeout: 0, cancellationToken: cancellationToken));
}

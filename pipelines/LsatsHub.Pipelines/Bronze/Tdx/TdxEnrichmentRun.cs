using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using LsatsHub.Connectors.Tdx;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Pipelines.Bronze.Tdx;

/// <summary>
/// The shared body of T4–T6: for every entity whose latest version is new or changed since its last enrichment
/// (<see cref="LatestVersions.ReadNeedingEnrichmentAsync"/>), one detail call, appended as a new version
/// (<see cref="BronzeEnrichment"/>); never an update in place. Written in chunks of <see cref="ChunkSize"/>, each its
/// own transaction, so a long enrichment (one rate-limited call per entity) keeps its progress if it is stopped.
/// No candidates is a success. An entity the detail call no longer finds (404) is a bad record.
/// </summary>
internal sealed class TdxEnrichmentRun(StepContext context, TdxClient tdx, BronzeEntity baseEntity, string detailEndpoint)
{
    public const int ChunkSize = 100;

    /// <summary>The progress counter of detail calls (made of the total to make).</summary>
    public const string CallsUnit = "TDX calls";

    // A 404 means the entity vanished between the ingest and its enrichment; a few are expected, many are a failure.
    private const double MaxNotFoundShare = 0.05;

    public async Task<StepResult> RunAsync(Func<BronzeVersion, CancellationToken, Task<JsonObject?>> fetchDetail, CancellationToken cancellationToken)
    {
        var metadata = new TdxRunMetadata(tdx);
        var writer = new BronzeWriter(context.DataSource, context.Logger, context.Clock);
        var entity = baseEntity.ForEnrichment();
        var runLog = new IngestionRunLog(context.DataSource, context.Clock);
        Guid? runId = null;
        if (!context.DryRun)
        {
            runId = await runLog.StartAsync(baseEntity.SourceSystem, baseEntity.EntityType, metadata.Start(new JsonObject
            {
                ["ingestion_type"] = "enrichment",
                ["source_api"] = detailEndpoint,
                ["step"] = context.StepName,
                ["pipeline_run_id"] = context.RunId.ToString(),
                ["attempt"] = context.Attempt,
                ["chunk_size"] = ChunkSize,
            }), cancellationToken);
        }

        var records = context.Progress.Counter(BronzeIngestion.ProgressUnit);
        var calls = context.Progress.Counter(CallsUnit);
        calls.SetTotal(await new LatestVersions(context.DataSource).CountNeedingEnrichmentAsync(baseEntity, cancellationToken));
        var options = new BronzeWriteOptions
        {
            DryRun = context.DryRun,
            IngestionRunId = runId,
            MaxBadRecordShare = MaxNotFoundShare,
            Progress = records,
        };
        var total = new BronzeWriteResult { DryRun = context.DryRun };
        try
        {
            var chunk = new List<BronzeVersion>(ChunkSize);
            await foreach (var version in new LatestVersions(context.DataSource).ReadNeedingEnrichmentAsync(baseEntity, cancellationToken))
            {
                chunk.Add(version);
                if (chunk.Count == ChunkSize)
                {
                    total = Add(total, await writer.WriteAsync(entity, EnrichAsync(chunk, fetchDetail, calls, cancellationToken), options, cancellationToken));
                    chunk.Clear();
                }
            }

            if (chunk.Count > 0)
            {
                total = Add(total, await writer.WriteAsync(entity, EnrichAsync(chunk, fetchDetail, calls, cancellationToken), options, cancellationToken));
            }
        }
        catch (Exception exception)
        {
            var message = exception is OperationCanceledException
                ? $"{baseEntity} enrichment cancelled after {total.Inserted} versions"
                : $"{baseEntity} enrichment failed after {total.Inserted} versions: {exception.Message}";
            context.Logger.LogError("{Message}", message);
            if (runId is { } failedRun)
            {
                // The run row must not stay 'running' even when the step was cancelled.
                await runLog.FailAsync(failedRun, message, CancellationToken.None);
            }

            throw;
        }

        context.Counters.AddRead(total.Received);
        context.Counters.AddWritten(total.Inserted);
        if (runId is { } run)
        {
            await runLog.CompleteAsync(run, total, metadata.Completion(), CancellationToken.None);
        }

        return new StepResult(total.Received == 0 && !context.DryRun ? "nothing to enrich" : total.ToSummary());
    }

    private async IAsyncEnumerable<BronzeRecordOrError> EnrichAsync(
        IReadOnlyList<BronzeVersion> chunk,
        Func<BronzeVersion, CancellationToken, Task<JsonObject?>> fetchDetail,
        ProgressCounter calls,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var version in chunk)
        {
            var detail = await fetchDetail(version, cancellationToken);
            calls.Add();
            yield return detail is null
                ? BronzeRecordOrError.Bad(version.ExternalId, $"{detailEndpoint} no longer finds it (404)")
                : BronzeRecordOrError.Ok(BronzeEnrichment.ToRecord(version, detail));
        }
    }

    private static BronzeWriteResult Add(BronzeWriteResult total, BronzeWriteResult chunk) => total with
    {
        Received = total.Received + chunk.Received,
        Staged = total.Staged + chunk.Staged,
        Created = total.Created + chunk.Created,
        Updated = total.Updated + chunk.Updated,
        Deleted = total.Deleted + chunk.Deleted,
        BadRecords = total.BadRecords + chunk.BadRecords,
        Duplicates = total.Duplicates + chunk.Duplicates,
        BadRecordSamples = [.. total.BadRecordSamples.Concat(chunk.BadRecordSamples).Take(20)],
    };
}

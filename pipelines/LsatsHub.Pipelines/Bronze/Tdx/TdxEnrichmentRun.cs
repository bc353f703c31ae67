using System.Globalization;
using System.Text.Json.Nodes;
using LsatsHub.Connectors.Tdx;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Pipelines.Bronze.Tdx;

/// <summary>
/// The shared body of T4–T6: for every entity whose latest version is new or changed since its last enrichment
/// (<see cref="LatestVersions.ReadNeedingEnrichmentAsync"/>), one detail call, appended as a new version
/// (<see cref="BronzeEnrichment"/>); never an update in place. Up to <see cref="ConcurrencyVariable"/> calls are in
/// flight at once (every one still paced by the TDX client's rate limiter), and their versions are written in candidate
/// order, so the outcome does not depend on which call answered first. Written in chunks, each its own transaction,
/// committed after <see cref="MaxChunkVersions"/> versions or at the first version <see cref="MaxChunkAge"/> after the
/// chunk began, so a long enrichment (one rate-limited call per entity, about one a second) keeps its progress if it is
/// stopped, and a fast one (no rate limit) pays a transaction's fixed cost once per thousands of versions.
/// No candidates is a success. An entity the detail call no longer finds (404) is a bad record.
/// </summary>
internal sealed class TdxEnrichmentRun(StepContext context, TdxClient tdx, BronzeEntity baseEntity, string detailEndpoint)
{
    /// <summary>The most versions one chunk (one transaction) holds.</summary>
    public const int MaxChunkVersions = 2000;

    /// <summary>The variable naming how many detail calls may be in flight at once.</summary>
    public const string ConcurrencyVariable = "TDX_ENRICH_CONCURRENCY";

    /// <summary>Detail calls in flight at once when <see cref="ConcurrencyVariable"/> is not set.</summary>
    public const int DefaultConcurrency = 4;

    /// <summary>The largest <see cref="ConcurrencyVariable"/> accepted.</summary>
    public const int MaxConcurrency = 32;

    /// <summary>The progress counter of detail calls (made of the total to make).</summary>
    public const string CallsUnit = "TDX calls";

    /// <summary>How long a chunk stays open before the next version commits it.</summary>
    public static readonly TimeSpan MaxChunkAge = TimeSpan.FromSeconds(15);

    // A 404 means the entity vanished between the ingest and its enrichment; a few are expected, many are a failure.
    private const double MaxNotFoundShare = 0.05;

    // Before this many calls the share is not judged mid-run (the end of the run judges whatever it made), so a broken
    // endpoint stops the run after a chunk instead of after hours of calls.
    private const int MinCallsToJudge = 100;

    /// <summary>The detail calls allowed in flight at once, from <see cref="ConcurrencyVariable"/>.</summary>
    /// <param name="configuration">The run's configuration.</param>
    /// <returns>1 to <see cref="MaxConcurrency"/>; <see cref="DefaultConcurrency"/> when not set.</returns>
    /// <exception cref="InvalidOperationException">The variable is set to something else.</exception>
    public static int Concurrency(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[ConcurrencyVariable];
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultConcurrency;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= MaxConcurrency
            ? value
            : throw new InvalidOperationException($"{ConcurrencyVariable} must be a whole number from 1 to {MaxConcurrency}, got '{text}'.");
    }

    public async Task<StepResult> RunAsync(Func<BronzeVersion, CancellationToken, Task<JsonObject?>> fetchDetail, CancellationToken cancellationToken)
    {
        var concurrency = Concurrency(context.Configuration);
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
                ["chunk_size"] = MaxChunkVersions,
                ["chunk_seconds"] = MaxChunkAge.TotalSeconds,
                ["concurrency"] = concurrency,
            }), cancellationToken);
        }

        var records = context.Progress.Counter(BronzeIngestion.ProgressUnit);
        var calls = context.Progress.Counter(CallsUnit);
        calls.SetTotal(await new LatestVersions(context.DataSource).CountNeedingEnrichmentAsync(baseEntity, cancellationToken));
        var options = new BronzeWriteOptions
        {
            DryRun = context.DryRun,
            IngestionRunId = runId,
            // Judged over the whole run below, not per chunk: a time-bounded chunk of a rate-limited run holds ~15 versions,
            // where one 404 would already be more than the share.
            MaxBadRecordShare = 1,
            Progress = records,
        };
        var total = new BronzeWriteResult { DryRun = context.DryRun };
        try
        {
            var candidates = new LatestVersions(context.DataSource).ReadNeedingEnrichmentAsync(baseEntity, cancellationToken);
            var enriched = InOrderConcurrency.SelectAsync(candidates, (version, ct) => EnrichAsync(version, fetchDetail, calls, ct), concurrency, cancellationToken);
            await using var chunks = new StreamChunks<BronzeRecordOrError>(enriched, MaxChunkVersions, MaxChunkAge, context.Clock, cancellationToken);
            while (await chunks.HasNextAsync())
            {
                total = Add(total, await writer.WriteAsync(entity, chunks.NextAsync(), options, cancellationToken));
                if (total.Received >= MinCallsToJudge)
                {
                    ThrowIfTooManyNotFound(total);
                }
            }

            ThrowIfTooManyNotFound(total);
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

    private void ThrowIfTooManyNotFound(BronzeWriteResult total)
    {
        if (total.Received > 0 && (double)total.BadRecords / total.Received > MaxNotFoundShare)
        {
            var samples = string.Join("; ", total.BadRecordSamples.Take(5));
            throw new InvalidOperationException(FormattableString.Invariant(
                $"{baseEntity}: {total.BadRecords} of {total.Received} detail calls gave no version to store (a 404 or an unstorable answer): {(double)total.BadRecords / total.Received:P1}, more than the allowed {MaxNotFoundShare:P1}; the {total.Inserted} versions found so far were kept. First: {samples}"));
        }
    }

    private async Task<BronzeRecordOrError> EnrichAsync(
        BronzeVersion version,
        Func<BronzeVersion, CancellationToken, Task<JsonObject?>> fetchDetail,
        ProgressCounter calls,
        CancellationToken cancellationToken)
    {
        var detail = await fetchDetail(version, cancellationToken);
        calls.Add();
        return detail is null
            ? BronzeRecordOrError.Bad(version.ExternalId, $"{detailEndpoint} no longer finds it (404)")
            : BronzeRecordOrError.Ok(BronzeEnrichment.ToRecord(version, detail));
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

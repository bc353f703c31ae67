using System.Text.Json.Nodes;
using LsatsHub.Engine;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Pipelines.Bronze.Common;

/// <summary>
/// What a bronze step calls to write its fetch: records the <c>meta.ingestion_runs</c> row (running → completed or
/// failed), writes through <see cref="BronzeWriter"/>, fills the step's counters and returns a one-line summary.
/// In a dry run nothing at all is written (no run row; the write is rolled back) and the summary says what would be.
/// </summary>
public static class BronzeIngestion
{
    /// <summary>The progress counter every bronze step shows: records read from the source so far.</summary>
    public const string ProgressUnit = "records";

    /// <summary>Runs one bronze write as a step.</summary>
    /// <param name="context">The step's context (database, logger, clock, dry-run flag, counters).</param>
    /// <param name="entity">The slice written.</param>
    /// <param name="records">The fetch, streamed.</param>
    /// <param name="options">Full-fetch flag, bad-record threshold and run metadata; its run id and dry-run flag are set here.</param>
    /// <param name="cancellationToken">Cancels the fetch and the write.</param>
    /// <returns>The step result with the summary.</returns>
    public static async Task<StepResult> RunAsync(
        StepContext context,
        BronzeEntity entity,
        IAsyncEnumerable<BronzeRecordOrError> records,
        BronzeWriteOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(options);
        var writer = new BronzeWriter(context.DataSource, context.Logger, context.Clock);
        options = options with { Progress = options.Progress ?? context.Progress.Counter(ProgressUnit) };
        if (context.DryRun)
        {
            var wouldBe = await writer.WriteAsync(entity, records, options with { DryRun = true, IngestionRunId = null }, cancellationToken);
            context.Counters.AddRead(wouldBe.Received);
            return new StepResult(wouldBe.ToSummary());
        }

        var runLog = new IngestionRunLog(context.DataSource, context.Clock);
        var runMetadata = options.RunMetadata?.DeepClone().AsObject() ?? [];
        runMetadata["pipeline_run_id"] = context.RunId.ToString();
        runMetadata["step"] = context.StepName;
        runMetadata["attempt"] = context.Attempt;
        runMetadata["complete_full_fetch"] = options.CompleteFullFetch;
        var runId = await runLog.StartAsync(entity.SourceSystem, entity.EntityType, runMetadata, cancellationToken);

        BronzeWriteResult result;
        JsonObject? completionMetadata;
        try
        {
            result = await writer.WriteAsync(entity, records, options with { DryRun = false, IngestionRunId = runId }, cancellationToken);
            completionMetadata = options.CompletionMetadata?.Invoke();
        }
        catch (Exception exception)
        {
            var message = exception is OperationCanceledException
                ? $"{entity} ingestion cancelled"
                : $"{entity} ingestion failed: {exception.Message}";
            context.Logger.LogError("{Message}", message);

            // The run row must not stay 'running' even when the step was cancelled.
            await runLog.FailAsync(runId, message, CancellationToken.None);
            throw;
        }

        context.Counters.AddRead(result.Received);
        context.Counters.AddWritten(result.Inserted);
        await runLog.CompleteAsync(runId, result, completionMetadata, CancellationToken.None);
        return new StepResult(result.ToSummary());
    }
}

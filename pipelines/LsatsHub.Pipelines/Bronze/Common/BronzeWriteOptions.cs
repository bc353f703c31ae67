using System.Text.Json.Nodes;
using LsatsHub.Engine;

namespace LsatsHub.Pipelines.Bronze.Common;

/// <summary>How one bronze write behaves.</summary>
public sealed record BronzeWriteOptions
{
    /// <summary>The <c>meta.ingestion_runs</c> row the new versions belong to; null only in a dry run.</summary>
    public Guid? IngestionRunId { get; init; }

    /// <summary>
    /// True when the stream is everything the source holds for this slice (a full fetch that ended normally): entities
    /// missing from it then get a tombstone version. Never set it for incremental fetches or enrichment.
    /// </summary>
    public bool CompleteFullFetch { get; init; }

    /// <summary>Optional: tombstone only entities whose latest version falls in this scope.</summary>
    public TombstoneScope? TombstoneScope { get; init; }

    /// <summary>
    /// The largest share of bad records (bad / everything received) that still lets the write succeed; above it the
    /// write fails and nothing is written. Default 0.01.
    /// </summary>
    public double MaxBadRecordShare { get; init; } = 0.01;

    /// <summary>Compute the counts inside a transaction that is rolled back: nothing is written.</summary>
    public bool DryRun { get; init; }

    /// <summary>How many bad records are logged one by one before the rest are only counted. Default 1000.</summary>
    public int MaxBadRecordsLogged { get; init; } = 1000;

    /// <summary>Counts every record read from the stream as it arrives, for the runner's progress line; null = not shown.</summary>
    public ProgressCounter? Progress { get; init; }

    /// <summary>Used by <see cref="BronzeIngestion"/> only: metadata stored on the run row when it starts.</summary>
    public JsonObject? RunMetadata { get; init; }

    /// <summary>
    /// Used by <see cref="BronzeIngestion"/> only: called after the stream is consumed, its keys are merged into the run
    /// row's metadata (e.g. <c>api_calls</c>, <c>rate_limited_responses</c> counted while fetching).
    /// </summary>
    public Func<JsonObject>? CompletionMetadata { get; init; }
}

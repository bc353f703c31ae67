namespace LsatsHub.Benchmarks.Dag;

/// <summary>What the warehouse recorded of one pipeline run.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Status">Its status.</param>
/// <param name="Seconds">Wall seconds from its start to its end.</param>
/// <param name="Steps">Its steps, in start order.</param>
/// <param name="Calls">What its bronze steps asked of the sources.</param>
/// <param name="IngestionRuns">The <c>meta.ingestion_runs</c> rows each step wrote, by step.</param>
public sealed record RecordedRun(
    Guid RunId,
    string Status,
    double Seconds,
    IReadOnlyList<DagStepRow> Steps,
    SourceCalls Calls,
    IReadOnlyDictionary<string, IReadOnlyList<Guid>> IngestionRuns);

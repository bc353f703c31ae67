using LsatsHub.Engine.Execution;

namespace LsatsHub.Engine.Records;

/// <summary>One row of <c>meta.pipeline_runs</c> with its step rows.</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it finished; null while running.</param>
/// <param name="Status">Its outcome so far.</param>
/// <param name="Selection">The selection as the operator wrote it.</param>
/// <param name="Trigger">Who started it.</param>
/// <param name="Host">The machine it ran on.</param>
/// <param name="Version">The runner's version.</param>
/// <param name="Error">Why the run as a whole failed (e.g. it was abandoned); null otherwise.</param>
/// <param name="Steps">Its steps, ordered by name.</param>
public sealed record PipelineRunRecord(
    Guid RunId,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    RunStatus Status,
    string Selection,
    string Trigger,
    string Host,
    string Version,
    string? Error,
    IReadOnlyList<StepRunRecord> Steps)
{
    /// <summary>How long it ran; null while running.</summary>
    public TimeSpan? Duration => FinishedAt - StartedAt;
}

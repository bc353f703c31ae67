namespace LsatsHub.Engine.Execution;

/// <summary>The final account of a run.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Status">Its outcome.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it finished.</param>
/// <param name="Steps">Every selected step's final state, ordered by name.</param>
public sealed record RunReport(
    Guid RunId,
    RunStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    IReadOnlyList<StepRunReport> Steps)
{
    /// <summary>
    /// The most steps the scheduler had running at once: counted as it launched them, so it is a fact of the
    /// schedule (how many slots and resources allowed), not of how fast the machine ran the steps.
    /// </summary>
    public int PeakRunningSteps { get; init; }
}

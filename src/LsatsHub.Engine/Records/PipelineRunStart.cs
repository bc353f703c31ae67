namespace LsatsHub.Engine.Records;

/// <summary>What is known about a run when it starts, recorded in <c>meta.pipeline_runs</c>.</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="Selection">The selection as the operator wrote it, e.g. <c>--target silver.labs</c>.</param>
/// <param name="Trigger">Who started it, e.g. <c>timer</c>, <c>manual</c>.</param>
/// <param name="Host">The machine it runs on.</param>
/// <param name="Version">The runner's version.</param>
/// <param name="StepNames">Every selected step; each gets a <c>pending</c> row.</param>
public sealed record PipelineRunStart(
    Guid RunId,
    DateTimeOffset StartedAt,
    string Selection,
    string Trigger,
    string Host,
    string Version,
    IReadOnlyList<string> StepNames);

using LsatsHub.Engine.Execution;

namespace LsatsHub.Engine.Records;

/// <summary>One row of <c>meta.step_runs</c>.</summary>
/// <param name="StepName">The step.</param>
/// <param name="Status">Its status.</param>
/// <param name="StartedAt">When its first attempt started; null if it never started.</param>
/// <param name="FinishedAt">When it reached a final status.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="RowsRead">Rows read by the last attempt.</param>
/// <param name="RowsWritten">Rows written by the last attempt.</param>
/// <param name="Error">Why it failed, was skipped or cancelled (already redacted).</param>
/// <param name="Summary">The step's own summary on success.</param>
public sealed record StepRunRecord(
    string StepName,
    StepStatus Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int Attempts,
    long RowsRead,
    long RowsWritten,
    string? Error,
    string? Summary);

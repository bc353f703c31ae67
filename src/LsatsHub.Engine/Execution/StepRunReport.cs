namespace LsatsHub.Engine.Execution;

/// <summary>The state of one step in a run, as reported to observers and in the final report.</summary>
/// <param name="StepName">The step.</param>
/// <param name="Status">Its status.</param>
/// <param name="StartedAt">When its first attempt started; null if it never started.</param>
/// <param name="FinishedAt">When it reached a final status; null while pending or running.</param>
/// <param name="Attempts">Attempts made so far.</param>
/// <param name="RowsRead">Rows read by the last attempt.</param>
/// <param name="RowsWritten">Rows written by the last attempt.</param>
/// <param name="Error">Why it failed, was skipped or cancelled; never contains secrets.</param>
/// <param name="Summary">The step's own summary on success.</param>
public sealed record StepRunReport(
    string StepName,
    StepStatus Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int Attempts,
    long RowsRead,
    long RowsWritten,
    string? Error,
    string? Summary)
{
    /// <summary>The running attempt's live progress (set on the report of a started attempt only).</summary>
    public StepProgress? Progress { get; init; }
}

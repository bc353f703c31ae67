using LsatsHub.Engine.Execution;

namespace LsatsHub.Engine.Records;

/// <summary>The words <c>meta.pipeline_runs.status</c> and <c>meta.step_runs.status</c> store (their CHECK constraints list the same).</summary>
internal static class RunStatusNames
{
    public static string ToDatabase(StepStatus status) => status switch
    {
        StepStatus.Pending => "pending",
        StepStatus.Running => "running",
        StepStatus.Succeeded => "succeeded",
        StepStatus.Failed => "failed",
        StepStatus.Skipped => "skipped",
        StepStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown step status."),
    };

    public static string ToDatabase(RunStatus status) => status switch
    {
        RunStatus.Running => "running",
        RunStatus.Succeeded => "succeeded",
        RunStatus.Failed => "failed",
        RunStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown run status."),
    };

    public static StepStatus StepFromDatabase(string value) => value switch
    {
        "pending" => StepStatus.Pending,
        "running" => StepStatus.Running,
        "succeeded" => StepStatus.Succeeded,
        "failed" => StepStatus.Failed,
        "skipped" => StepStatus.Skipped,
        "cancelled" => StepStatus.Cancelled,
        _ => throw new InvalidOperationException($"meta.step_runs holds an unknown status '{value}'."),
    };

    public static RunStatus RunFromDatabase(string value) => value switch
    {
        "running" => RunStatus.Running,
        "succeeded" => RunStatus.Succeeded,
        "failed" => RunStatus.Failed,
        "cancelled" => RunStatus.Cancelled,
        _ => throw new InvalidOperationException($"meta.pipeline_runs holds an unknown status '{value}'."),
    };
}

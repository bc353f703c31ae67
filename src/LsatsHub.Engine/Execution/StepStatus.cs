namespace LsatsHub.Engine.Execution;

/// <summary>Where a step stands within a run.</summary>
public enum StepStatus
{
    /// <summary>Waiting for its parents or for a free slot.</summary>
    Pending,

    /// <summary>An attempt is running.</summary>
    Running,

    /// <summary>Finished successfully.</summary>
    Succeeded,

    /// <summary>Failed after its last attempt, timed out, or its gate failed.</summary>
    Failed,

    /// <summary>Not started because an upstream step failed or was skipped.</summary>
    Skipped,

    /// <summary>Not started, or stopped, because the run was cancelled.</summary>
    Cancelled,
}

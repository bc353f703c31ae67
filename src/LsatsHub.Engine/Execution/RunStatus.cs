namespace LsatsHub.Engine.Execution;

/// <summary>The outcome of a whole run.</summary>
public enum RunStatus
{
    /// <summary>Still running.</summary>
    Running,

    /// <summary>Every selected step succeeded.</summary>
    Succeeded,

    /// <summary>At least one step failed (and others may have been skipped).</summary>
    Failed,

    /// <summary>The run was stopped by SIGTERM / Ctrl-C.</summary>
    Cancelled,
}

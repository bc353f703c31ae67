using LsatsHub.Engine.Execution;
using LsatsHub.Engine.Postgres;

namespace LsatsHub.Engine.Runs;

/// <summary>One run to coordinate: which steps, how, and how it is described in the records.</summary>
public sealed record RunRequest
{
    /// <summary>The resolved step set.</summary>
    public required IReadOnlySet<string> Steps { get; init; }

    /// <summary>The selection as the user gave it, stored with the run so <c>retry</c> can reuse it.</summary>
    public required string SelectionText { get; init; }

    /// <summary>What started the run, e.g. <c>manual</c>, <c>timer</c>, <c>retry</c>.</summary>
    public string Trigger { get; init; } = "manual";

    /// <summary>The version of the running program.</summary>
    public required string Version { get; init; }

    /// <summary>How to execute.</summary>
    public ExecutionOptions Options { get; init; } = new();

    /// <summary>The advisory lock that keeps runs on one warehouse one at a time.</summary>
    public string LockName { get; init; } = RunLock.DefaultName;

    /// <summary>
    /// Called with the run's id once the run holds the lock, before anything is recorded or executed, e.g. to announce
    /// the run. A run refused because another holds the lock never calls it, so nothing claims a run that never started.
    /// </summary>
    public Action<Guid>? LockTaken { get; init; }
}

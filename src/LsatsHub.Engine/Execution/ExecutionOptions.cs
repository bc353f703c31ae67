namespace LsatsHub.Engine.Execution;

/// <summary>How a run executes its steps.</summary>
public sealed record ExecutionOptions
{
    /// <summary>
    /// At most this many steps without resources run at once. Defaults to the processor count. Steps that declare
    /// resources (a remote system they wait on) are bounded by <see cref="ResourceLimits"/> instead, so a hung remote
    /// system cannot hold the slots every other branch needs.
    /// </summary>
    public int MaxParallel { get; init; } = Environment.ProcessorCount;

    /// <summary>At most this many steps holding a resource run at once (e.g. <c>tdx-api</c> → 1). Unlisted resources get <see cref="DefaultResourceLimit"/>.</summary>
    public IReadOnlyDictionary<string, int> ResourceLimits { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>
    /// The bound of a resource not in <see cref="ResourceLimits"/>. Resource steps take no global slot, so without this
    /// a resource nobody configured would let every step holding it start at once.
    /// </summary>
    public int DefaultResourceLimit { get; init; } = 4;

    /// <summary>Passed to every step: no side effects.</summary>
    public bool DryRun { get; init; }

    /// <summary>Work that runs once before the first step each gate applies to.</summary>
    public IReadOnlyList<StepGate> Gates { get; init; } = [];
}

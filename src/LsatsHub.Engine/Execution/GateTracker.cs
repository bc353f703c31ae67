namespace LsatsHub.Engine.Execution;

/// <summary>The state of one gate within one run. Touched only by the scheduler's coordinating loop.</summary>
internal sealed class GateTracker
{
    public GateTracker(StepGate gate)
    {
        Gate = gate;
    }

    public StepGate Gate { get; }

    public GateState State { get; set; } = GateState.Closed;

    /// <summary>"&lt;gate&gt; failed: &lt;reason&gt;" once the gate failed.</summary>
    public string? Failure { get; set; }
}

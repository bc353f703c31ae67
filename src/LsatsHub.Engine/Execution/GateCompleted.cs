namespace LsatsHub.Engine.Execution;

/// <summary>A gate's work finished.</summary>
/// <param name="Gate">The gate.</param>
/// <param name="Failure">What it threw, or null when it succeeded.</param>
internal sealed record GateCompleted(GateTracker Gate, Exception? Failure) : SchedulerEvent;

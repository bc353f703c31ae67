namespace LsatsHub.Engine.Execution;

/// <summary>A launched step reached a final status.</summary>
/// <param name="Step">The step.</param>
/// <param name="Report">Its final report.</param>
internal sealed record StepCompleted(StepTracker Step, StepRunReport Report) : SchedulerEvent;

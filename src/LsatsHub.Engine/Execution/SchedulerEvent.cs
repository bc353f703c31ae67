namespace LsatsHub.Engine.Execution;

/// <summary>Something the scheduler's coordinating loop must react to: a step or a gate finished.</summary>
internal abstract record SchedulerEvent;

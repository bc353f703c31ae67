using System.Collections.Concurrent;
using LsatsHub.Engine.Execution;

namespace LsatsHub.Engine.Tests.Execution;

/// <summary>Remembers every event in order.</summary>
internal sealed class RecordingObserver : IExecutionObserver
{
    public ConcurrentQueue<StepRunReport> Started { get; } = new();

    public ConcurrentQueue<StepRunReport> Finished { get; } = new();

    public Task OnStepStartedAsync(StepRunReport step, CancellationToken cancellationToken)
    {
        Started.Enqueue(step);
        return Task.CompletedTask;
    }

    public Task OnStepFinishedAsync(StepRunReport step, CancellationToken cancellationToken)
    {
        Finished.Enqueue(step);
        return Task.CompletedTask;
    }
}

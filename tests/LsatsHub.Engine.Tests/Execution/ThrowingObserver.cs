using LsatsHub.Engine.Execution;

namespace LsatsHub.Engine.Tests.Execution;

/// <summary>An observer that fails on every call, as a broken progress display or records store would.</summary>
internal sealed class ThrowingObserver : IExecutionObserver
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task OnStepStartedAsync(StepRunReport step, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        throw new InvalidOperationException("observer broke on start");
    }

    public async Task OnStepFinishedAsync(StepRunReport step, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        await Task.Yield();
        throw new InvalidOperationException("observer broke on finish");
    }
}

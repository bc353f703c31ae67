using LsatsHub.Engine.Execution;

namespace LsatsHub.Engine.Runs;

/// <summary>
/// Passes every event to several observers in order. One observer's failure does not keep the
/// event from the others; the failures are rethrown together afterwards.
/// </summary>
/// <param name="observers">The observers.</param>
public sealed class CompositeObserver(IReadOnlyList<IExecutionObserver> observers) : IExecutionObserver
{
    /// <inheritdoc />
    public async Task OnStepStartedAsync(StepRunReport step, CancellationToken cancellationToken)
    {
        await NotifyAllAsync(observer => observer.OnStepStartedAsync(step, cancellationToken));
    }

    /// <inheritdoc />
    public async Task OnStepFinishedAsync(StepRunReport step, CancellationToken cancellationToken)
    {
        await NotifyAllAsync(observer => observer.OnStepFinishedAsync(step, cancellationToken));
    }

    private async Task NotifyAllAsync(Func<IExecutionObserver, Task> notify)
    {
        List<Exception>? failures = null;
        foreach (var observer in observers)
        {
            try
            {
                await notify(observer);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                (failures ??= []).Add(exception);
            }
        }

        if (failures is not null)
        {
            throw failures.Count == 1 ? failures[0] : new AggregateException(failures);
        }
    }
}

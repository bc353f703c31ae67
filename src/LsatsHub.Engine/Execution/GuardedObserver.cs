using Microsoft.Extensions.Logging;

namespace LsatsHub.Engine.Execution;

/// <summary>
/// Passes events to the caller's observer and keeps its failures away from the run: an observer that
/// throws is logged and the run goes on. Calls are not cancellable, so the records of a cancelled run
/// are still written.
/// </summary>
internal sealed class GuardedObserver
{
    private readonly IExecutionObserver _observer;
    private readonly ILogger _logger;

    public GuardedObserver(IExecutionObserver observer, ILogger logger)
    {
        _observer = observer;
        _logger = logger;
    }

    public async Task StartedAsync(StepRunReport step)
    {
        try
        {
            await _observer.OnStepStartedAsync(step, CancellationToken.None);
        }
        catch (Exception exception)
        {
            _logger.LogError("Observer failed on the start of step {Step} (ignored): {Error}", step.StepName, ErrorText.Describe(exception));
        }
    }

    public async Task FinishedAsync(StepRunReport step)
    {
        try
        {
            await _observer.OnStepFinishedAsync(step, CancellationToken.None);
        }
        catch (Exception exception)
        {
            _logger.LogError("Observer failed on the end of step {Step} (ignored): {Error}", step.StepName, ErrorText.Describe(exception));
        }
    }
}

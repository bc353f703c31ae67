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
            Report("start", step, exception);
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
            Report("end", step, exception);
        }
    }

    private void Report(string moment, StepRunReport step, Exception exception)
    {
        try
        {
            _logger.LogError("Observer failed on the {Moment} of step {Step} (ignored): {Error}", moment, step.StepName, ErrorText.Describe(exception));
        }
        catch (Exception)
        {
            // A logger that throws as well has nowhere left to report to; the run must still go on.
        }
    }
}

namespace LsatsHub.Engine.Execution;

/// <summary>
/// Hears about every state change of a run: progress display, run records. Calls for one step are
/// sequential; calls for different steps may be concurrent, so implementations must be thread-safe.
/// An observer that throws does not stop the run; the failure is logged.
/// </summary>
public interface IExecutionObserver
{
    /// <summary>A step started an attempt (status <see cref="StepStatus.Running"/>).</summary>
    /// <param name="step">The step's state.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    Task OnStepStartedAsync(StepRunReport step, CancellationToken cancellationToken);

    /// <summary>A step reached a final status (succeeded, failed, skipped or cancelled).</summary>
    /// <param name="step">The step's state.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    Task OnStepFinishedAsync(StepRunReport step, CancellationToken cancellationToken);
}

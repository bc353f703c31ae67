namespace LsatsHub.Engine;

/// <summary>
/// One unit of work in a pipeline: it declares what it reads and writes in <see cref="Descriptor"/>
/// and does its work in <see cref="RunAsync"/>. Steps never call each other; the engine orders
/// them from their declared datasets.
/// </summary>
public interface IStep
{
    /// <summary>What the step reads, writes, holds and how it is retried. Must not change over the step's lifetime.</summary>
    StepDescriptor Descriptor { get; }

    /// <summary>Does the step's work once. Called again for each retry attempt with a fresh context.</summary>
    /// <param name="context">The run's database, logger, clock, counters and configuration.</param>
    /// <param name="cancellationToken">Signalled on timeout, on run cancellation (SIGTERM, Ctrl-C).</param>
    /// <returns>A short account of what the step did.</returns>
    Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken);
}

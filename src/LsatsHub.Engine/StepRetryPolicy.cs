namespace LsatsHub.Engine;

/// <summary>
/// Retry policy of a step: up to <see cref="MaxAttempts"/> attempts with exponential backoff and jitter
/// between <see cref="BaseDelay"/> and <see cref="MaxDelay"/>, for failures that
/// <see cref="TransientFailure.IsTransient"/> classifies as transient.
/// </summary>
/// <param name="MaxAttempts">Total attempts including the first; 1 means no retry.</param>
/// <param name="BaseDelay">Delay before the first retry, before jitter.</param>
/// <param name="MaxDelay">Upper bound of any single delay.</param>
public sealed record StepRetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>Three attempts, starting at two seconds, at most one minute apart.</summary>
    public static StepRetryPolicy Default { get; } = new(3, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1));

    /// <summary>A single attempt.</summary>
    public static StepRetryPolicy None { get; } = new(1, TimeSpan.Zero, TimeSpan.Zero);
}

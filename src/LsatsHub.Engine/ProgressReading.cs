namespace LsatsHub.Engine;

/// <summary>One counter of a step's progress at one moment.</summary>
/// <param name="Unit">What is counted.</param>
/// <param name="Done">How many so far.</param>
/// <param name="Total">How many in all, when known.</param>
public sealed record ProgressReading(string Unit, long Done, long? Total)
{
    /// <summary>How many remain, when the total is known.</summary>
    public long? Remaining => Total is { } total ? Math.Max(0, total - Done) : null;
}

namespace LsatsHub.Engine;

/// <summary>What a step reports when it finishes successfully.</summary>
/// <param name="Summary">One line for people, e.g. "1204 new versions, 3 bad records skipped".</param>
public sealed record StepResult(string? Summary = null)
{
    /// <summary>A success with nothing more to say.</summary>
    public static StepResult Completed { get; } = new();
}

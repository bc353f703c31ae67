namespace LsatsHub.Engine.Execution;

/// <summary>
/// Work that must happen once, before the first step it applies to starts (for example a database
/// snapshot before the first silver step). If it throws, none of the steps it applies to start:
/// they fail with the gate's error and their descendants are skipped; other steps go on.
/// </summary>
/// <param name="Name">Shown in errors, e.g. "snapshot before silver".</param>
/// <param name="AppliesTo">Which steps wait for the gate.</param>
/// <param name="OpenAsync">The work; runs at most once per run.</param>
public sealed record StepGate(string Name, Func<StepDescriptor, bool> AppliesTo, Func<CancellationToken, Task> OpenAsync)
{
    /// <summary>
    /// A gate before every step of one layer, such as a snapshot before the first step that writes
    /// the layer. The layer is the one each step's outputs give it (<see cref="StepDescriptor.Layer"/>),
    /// never a label typed on the step, so a step cannot slip past the gate by a typo.
    /// </summary>
    /// <param name="name">Shown in errors.</param>
    /// <param name="layer">The layer whose steps wait for the gate.</param>
    /// <param name="openAsync">The work; runs at most once per run.</param>
    /// <returns>The gate.</returns>
    public static StepGate BeforeLayer(string name, LayerName layer, Func<CancellationToken, Task> openAsync) =>
        new(name, step => step.Layer == layer, openAsync);
}

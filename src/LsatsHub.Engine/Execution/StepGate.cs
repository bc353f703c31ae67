namespace LsatsHub.Engine.Execution;

/// <summary>
/// Work that must happen once, before the first step it applies to starts (for example a database
/// snapshot before the first silver step). If it throws, none of the steps it applies to start:
/// they fail with the gate's error and their descendants are skipped; other steps go on.
/// </summary>
/// <param name="Name">Shown in errors, e.g. "snapshot before silver".</param>
/// <param name="AppliesTo">Which steps wait for the gate.</param>
/// <param name="OpenAsync">The work; runs at most once per run.</param>
public sealed record StepGate(string Name, Func<StepDescriptor, bool> AppliesTo, Func<CancellationToken, Task> OpenAsync);

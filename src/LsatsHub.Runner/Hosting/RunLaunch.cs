namespace LsatsHub.Runner.Hosting;

/// <summary>What <c>run</c> or <c>retry</c> asks for.</summary>
internal sealed record RunLaunch(
    IReadOnlySet<string> Steps,
    string SelectionText,
    string Trigger,
    int? MaxParallel,
    bool NoSnapshot,
    bool DryRun);

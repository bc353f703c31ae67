namespace LsatsHub.Engine.Execution;

/// <summary>The state of one selected step within one run. Touched only by the scheduler's coordinating loop.</summary>
internal sealed class StepTracker
{
    public StepTracker(IStep step, int selectedParents)
    {
        Step = step;
        Name = step.Descriptor.Name;
        Resources = step.Descriptor.Resources.Select(resource => resource.Name).Distinct(StringComparer.Ordinal).ToArray();
        WaitingForParents = selectedParents;
        Report = new StepRunReport(Name, StepStatus.Pending, null, null, 0, 0, 0, null, null);
    }

    public IStep Step { get; }

    public string Name { get; }

    /// <summary>The resources the step holds, each once.</summary>
    public IReadOnlyList<string> Resources { get; }

    /// <summary>Selected children, i.e. the steps that wait for this one.</summary>
    public List<StepTracker> Children { get; } = [];

    /// <summary>The gates this step waits for.</summary>
    public List<GateTracker> Gates { get; } = [];

    /// <summary>Selected parents that have not succeeded yet.</summary>
    public int WaitingForParents { get; set; }

    /// <summary>True while an attempt is (or attempts are) in flight.</summary>
    public bool IsRunning { get; set; }

    public StepRunReport Report { get; set; }

    public bool IsFinal => Report.Status is StepStatus.Succeeded or StepStatus.Failed or StepStatus.Skipped or StepStatus.Cancelled;
}

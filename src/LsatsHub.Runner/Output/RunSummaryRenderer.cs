using LsatsHub.Engine.Execution;

namespace LsatsHub.Runner.Output;

/// <summary>The closing lines of a run: its status and each step that did not succeed.</summary>
internal static class RunSummaryRenderer
{
    public static string Render(RunReport report)
    {
        var counts = report.Steps.GroupBy(step => step.Status).OrderBy(group => group.Key)
            .Select(group => $"{group.Count()} {group.Key.ToString().ToLowerInvariant()}");
        var lines = new List<string>
        {
            $"run {report.RunId:N} {report.Status.ToString().ToLowerInvariant()} in {Duration.Format(report.FinishedAt - report.StartedAt)}: {string.Join(", ", counts)}; at most {report.PeakRunningSteps} at once",
        };
        lines.AddRange(report.Steps
            .Where(step => step.Status is StepStatus.Failed or StepStatus.Skipped or StepStatus.Cancelled)
            .Select(step => $"  {step.Status.ToString().ToLowerInvariant(),-9} {step.StepName}{(step.Error is null ? string.Empty : ": " + step.Error.ReplaceLineEndings(" "))}"));
        return string.Join(Environment.NewLine, lines);
    }
}

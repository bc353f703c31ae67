using LsatsHub.Engine.Execution;

namespace LsatsHub.Engine.Tests.Execution;

internal static class RunReportExtensions
{
    public static StepRunReport Step(this RunReport report, string name) => report.Steps.Single(step => step.StepName == name);

    public static IReadOnlyDictionary<string, StepStatus> Statuses(this RunReport report) =>
        report.Steps.ToDictionary(step => step.StepName, step => step.Status, StringComparer.Ordinal);
}

using System.CommandLine;
using LsatsHub.Engine.Planning;
using LsatsHub.Engine.Selection;
using LsatsHub.Runner.Hosting;

namespace LsatsHub.Runner.Commands;

/// <summary><c>plan</c>: the resolved steps and their tiers; never touches the database.</summary>
internal static class PlanCommand
{
    public static Command Create(RunnerEnvironment environment)
    {
        var selection = new SelectionOptions();
        var command = new Command("plan", "Show which steps a selection runs and in what tiers, without running anything or touching the database.");
        selection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandExecution.RunAsync(
            environment, parseResult, "plan", logToFile: false, overrides: new Dictionary<string, string>(),
            (session, _) =>
            {
                var graph = session.Graph;
                var request = selection.Read(parseResult);

                // The plan shows what run would run, so the TDX-writing layer is left out exactly as run leaves it out.
                var plan = ExecutionPlan.Create(graph, TdxSyncSelection.Apply(session, request, StepSelector.Select(graph, request)));
                session.Environment.Out.WriteLine(PlanTextRenderer.Render(plan));
                return Task.FromResult(ExitCodes.Success);
            },
            cancellationToken));
        return command;
    }
}

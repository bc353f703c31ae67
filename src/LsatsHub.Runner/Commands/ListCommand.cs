using System.CommandLine;
using LsatsHub.Runner.Hosting;
using LsatsHub.Runner.Output;

namespace LsatsHub.Runner.Commands;

/// <summary><c>list</c>: every registered step with its inputs, outputs and tags.</summary>
internal static class ListCommand
{
    public static Command Create(RunnerEnvironment environment)
    {
        var command = new Command("list", "List every registered step with its layer, source, tags, resources, inputs and outputs.");
        command.SetAction((parseResult, cancellationToken) => CommandExecution.RunAsync(
            environment, parseResult, "list", logToFile: false, overrides: new Dictionary<string, string>(),
            (session, _) =>
            {
                session.Environment.Out.WriteLine(StepListRenderer.Render(session.Graph));
                return Task.FromResult(ExitCodes.Success);
            },
            cancellationToken));
        return command;
    }
}

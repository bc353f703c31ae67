using System.CommandLine;
using LsatsHub.Engine.Records;
using LsatsHub.Runner.Hosting;

namespace LsatsHub.Runner.Commands;

/// <summary><c>history</c>: the last runs with their steps, newest first.</summary>
internal static class HistoryCommand
{
    public static Command Create(RunnerEnvironment environment)
    {
        var last = new Option<int>("--last", "-n") { Description = "How many runs to show.", DefaultValueFactory = _ => 10 };
        last.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--last must be at least 1.");
            }
        });
        var command = new Command("history", "Show the last runs and the status, attempts, rows and errors of their steps.");
        command.Options.Add(last);
        command.SetAction((parseResult, cancellationToken) => CommandExecution.RunAsync(
            environment, parseResult, "history", logToFile: false, overrides: new Dictionary<string, string>(),
            async (session, token) =>
            {
                var runs = await new RunHistory(session.DataSource).LastRunsAsync(parseResult.GetValue(last), token);
                session.Environment.Out.WriteLine(HistoryTextRenderer.Render(runs));
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }
}

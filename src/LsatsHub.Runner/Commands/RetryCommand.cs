using System.CommandLine;
using LsatsHub.Engine.Execution;
using LsatsHub.Engine.Records;
using LsatsHub.Runner.Hosting;

namespace LsatsHub.Runner.Commands;

/// <summary><c>retry</c>: re-run the steps of the last run that did not succeed, within its original selection.</summary>
internal static class RetryCommand
{
    public static Command Create(RunnerEnvironment environment)
    {
        var maxParallel = new Option<int?>("--max-parallel") { Description = "Steps running at once." };
        var noSnapshot = new Option<bool>("--no-snapshot") { Description = "Do not take the pre-silver snapshot." };
        var command = new Command("retry", "Re-run the failed, skipped and cancelled steps of the last run (a no-op when it succeeded).");
        command.Options.Add(maxParallel);
        command.Options.Add(noSnapshot);
        command.SetAction((parseResult, cancellationToken) => CommandExecution.RunAsync(
            environment, parseResult, "retry", logToFile: true, overrides: new Dictionary<string, string>(),
            async (session, token) =>
            {
                var last = await new RunHistory(session.DataSource).LastRunAsync(token);
                var output = session.Environment.Out;
                if (last is null)
                {
                    output.WriteLine("No run is recorded yet: nothing to retry.");
                    return ExitCodes.Success;
                }

                if (last.Status == RunStatus.Succeeded)
                {
                    output.WriteLine($"The last run ({last.RunId:N}, {last.Selection}) succeeded: nothing to retry.");
                    return ExitCodes.Success;
                }

                var unfinished = last.Steps.Where(step => step.Status is not StepStatus.Succeeded).Select(step => step.StepName).ToArray();
                var known = unfinished.Where(name => session.Graph.TryResolve(name, out _)).ToHashSet(StringComparer.Ordinal);
                foreach (var gone in unfinished.Where(name => !known.Contains(name)))
                {
                    session.Environment.Error.WriteLine($"note: step {gone} of run {last.RunId:N} no longer exists and is not retried");
                }

                if (known.Count == 0)
                {
                    output.WriteLine($"The last run ({last.RunId:N}) left no step to retry.");
                    return ExitCodes.Success;
                }

                return await RunLauncher.LaunchAsync(
                    session,
                    new RunLaunch(known, $"retry of {last.RunId:N}: {last.Selection}", "retry", parseResult.GetValue(maxParallel), parseResult.GetValue(noSnapshot), DryRun: false),
                    token);
            },
            cancellationToken));
        return command;
    }
}

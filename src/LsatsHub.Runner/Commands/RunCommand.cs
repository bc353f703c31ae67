using System.CommandLine;
using LsatsHub.Engine.Selection;
using LsatsHub.Pipelines.Silver.Common;
using LsatsHub.Runner.Hosting;

namespace LsatsHub.Runner.Commands;

/// <summary><c>run</c>: execute a selection of the DAG (all of it by default).</summary>
internal static class RunCommand
{
    public static Command Create(RunnerEnvironment environment)
    {
        var selection = new SelectionOptions();
        var maxParallel = new Option<int?>("--max-parallel") { Description = "Steps running at once (default: $LSATS_MAX_PARALLEL, else the processor count)." };
        maxParallel.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError("--max-parallel must be at least 1.");
            }
        });
        var noSnapshot = new Option<bool>("--no-snapshot") { Description = "Do not take the pre-silver pg_dump snapshot (silver then runs without a way back)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Steps report what they would do and change nothing; no run records, no snapshot." };
        var fullRefresh = new Option<bool>("--full-refresh")
        {
            Description = $"Silver steps recompute every entity, not only those whose newest bronze version they have not taken yet (as {SilverTransform.FullRefreshVariable}=true): the same tables, more work.",
        };
        var production = new Option<bool>("--production")
        {
            Description = "Allow the tdx layer's steps to write to a production TDX base URL, after a --dry-run of the same steps against production in the last 24 h (docs/tdx-sync.md).",
        };
        var trigger = new Option<string>("--trigger") { Description = "Recorded with the run: manual (default), timer, ...", DefaultValueFactory = _ => "manual" };

        var command = new Command("run", "Run the steps of a selection (default: every step), in dependency order, in parallel where independent.");
        selection.AddTo(command);
        command.Options.Add(maxParallel);
        command.Options.Add(noSnapshot);
        command.Options.Add(dryRun);
        command.Options.Add(fullRefresh);
        command.Options.Add(trigger);
        command.Options.Add(production);
        command.SetAction((parseResult, cancellationToken) => CommandExecution.RunAsync(
            environment,
            parseResult,
            "run",
            logToFile: true,
            overrides: parseResult.GetValue(fullRefresh)
                ? new Dictionary<string, string> { [SilverTransform.FullRefreshVariable] = "true" }
                : new Dictionary<string, string>(),
            async (session, token) =>
            {
                var request = selection.Read(parseResult);
                var steps = TdxSyncSelection.Apply(session, request, StepSelector.Select(session.Graph, request));
                var tdxSteps = TdxSyncSelection.TdxSteps(session.Graph, steps);
                var isDryRun = parseResult.GetValue(dryRun);
                var target = tdxSteps.Count == 0 ? null : TdxSyncSelection.Target(session);
                foreach (var step in tdxSteps)
                {
                    await TdxWriteGate.EnterAsync(session, target!, step, isDryRun, parseResult.GetValue(production), token);
                }

                var exit = await RunLauncher.LaunchAsync(
                    session,
                    new RunLaunch(steps, request.Describe() is { Length: > 0 } described ? described : "all steps", parseResult.GetValue(trigger) ?? "manual", parseResult.GetValue(maxParallel), parseResult.GetValue(noSnapshot), isDryRun),
                    token);
                if (exit == ExitCodes.Success)
                {
                    foreach (var step in tdxSteps)
                    {
                        await TdxWriteGate.CompletedAsync(session, target!, step, isDryRun, token);
                    }
                }

                return exit;
            },
            cancellationToken));
        return command;
    }
}

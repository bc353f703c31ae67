using System.CommandLine;
using LsatsHub.Engine.Graph;
using LsatsHub.Engine.Records;
using LsatsHub.Runner.Hosting;

namespace LsatsHub.Runner.Commands;

/// <summary><c>history</c>: the last runs with their steps, newest first; or one run's timeline as SVG.</summary>
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
        var run = new Option<Guid?>("--run") { Description = "Show only this run (its id, as history prints it)." };
        var format = new Option<string>("--format") { Description = "text (default), or svg: the run's timeline (Gantt), the newest run unless --run is given.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "svg");
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var command = new Command("history", "Show the last runs and the status, attempts, rows and errors of their steps, or a run's timeline as SVG.");
        command.Options.Add(last);
        command.Options.Add(run);
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction((parseResult, cancellationToken) => CommandExecution.RunAsync(
            environment, parseResult, "history", logToFile: false, overrides: new Dictionary<string, string>(),
            async (session, token) =>
            {
                var history = new RunHistory(session.DataSource);
                IReadOnlyList<PipelineRunRecord> runs = parseResult.GetValue(run) is { } runId
                    ? await history.RunAsync(runId, token) is { } found ? [found] : []
                    : await history.LastRunsAsync(parseResult.GetValue(format) == "svg" ? 1 : parseResult.GetValue(last), token);
                if (runs.Count == 0 && parseResult.GetValue(run) is { } missing)
                {
                    session.Environment.Error.WriteLine($"lsats-run: no run with id {missing} is recorded; 'lsats-run history' lists the recent ones.");
                    return ExitCodes.Failed;
                }

                string text;
                if (parseResult.GetValue(format) == "svg")
                {
                    if (runs.Count == 0)
                    {
                        session.Environment.Error.WriteLine("lsats-run: no run is recorded yet, so there is no timeline to draw.");
                        return ExitCodes.Failed;
                    }

                    text = RunTimelineSvg.Render(runs[0], ParentsIn(session.Graph), session.Environment.Clock.GetUtcNow());
                }
                else
                {
                    text = HistoryTextRenderer.Render(runs) + Environment.NewLine;
                }

                if (parseResult.GetValue(output) is { } file)
                {
                    await File.WriteAllTextAsync(file.FullName, text, token);
                    session.Environment.Error.WriteLine($"wrote {file.FullName}");
                }
                else
                {
                    session.Environment.Out.Write(text);
                }

                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    /// <summary>A recorded step that the current graph no longer has simply has no parents.</summary>
    private static Func<string, IReadOnlyList<string>> ParentsIn(PipelineGraph graph)
    {
        var known = graph.Steps.Select(step => step.Descriptor.Name).ToHashSet(StringComparer.Ordinal);
        return name => known.Contains(name) ? graph.ParentsOf(name) : [];
    }
}

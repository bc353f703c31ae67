using System.CommandLine;
using Cli = CliWrap.Cli;
using PipeSource = CliWrap.PipeSource;
using CliWrap.Buffered;
using LsatsHub.Engine.Dot;
using LsatsHub.Engine.Execution;
using LsatsHub.Engine.Records;
using LsatsHub.Engine.Selection;
using LsatsHub.Pipelines;
using LsatsHub.Runner.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LsatsHub.Runner.Commands;

/// <summary><c>graph</c>: the DAG as DOT (or SVG through graphviz), coloured by each step's last run when the warehouse is reachable.</summary>
internal static class GraphCommand
{
    public static Command Create(RunnerEnvironment environment)
    {
        var selection = new SelectionOptions();
        var format = new Option<string>("--format") { Description = "dot (default) or svg (needs graphviz's dot program).", DefaultValueFactory = _ => "dot" };
        format.AcceptOnlyFromAmong("dot", "svg");
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var command = new Command("graph", "Export the step graph (or a selection of it) as DOT or SVG, clustered by layer and source.");
        selection.AddTo(command);
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction((parseResult, cancellationToken) => CommandExecution.RunAsync(
            environment, parseResult, "graph", logToFile: false, overrides: new Dictionary<string, string>(),
            async (session, token) =>
            {
                var request = selection.Read(parseResult);
                var graph = session.Graph;
                IReadOnlySet<string>? selected = request.Targets.Count + request.Select.Count + request.Exclude.Count == 0 ? null : StepSelector.Select(graph, request);
                // Silver reads in tiers (one source, merged, labs): each tier its own band inside the silver cluster.
                var dot = DotExporter.Export(graph, selected, await LastStatusesAsync(session, token), [Tags.Tier1, Tags.Tier2, Tags.Tier3]);
                var text = parseResult.GetValue(format) == "svg" ? await RenderSvgAsync(dot, token) : dot;
                if (text is null)
                {
                    session.Environment.Error.WriteLine("lsats-run: --format svg needs graphviz's 'dot' program on PATH (apt-get install graphviz), or use --format dot.");
                    return ExitCodes.Failed;
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

    /// <summary>Colours are a bonus: an unreachable or empty warehouse gives an uncoloured graph, not an error.</summary>
    private static async Task<IReadOnlyDictionary<string, StepStatus>?> LastStatusesAsync(CommandSession session, CancellationToken cancellationToken)
    {
        if (!session.Settings.HasDatabase)
        {
            return null;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            return await new RunHistory(session.DataSource).LastStatusPerStepAsync(timeout.Token);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            session.Logger("graph").LogInformation("No run statuses for colouring: {Reason}", exception.Message);
            return null;
        }
    }

    private static async Task<string?> RenderSvgAsync(string dot, CancellationToken cancellationToken)
    {
        try
        {
            var result = await Cli.Wrap("dot").WithArguments(["-Tsvg"])
                .WithStandardInputPipe(PipeSource.FromString(dot))
                .ExecuteBufferedAsync(cancellationToken);
            return result.StandardOutput;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        catch (CliWrap.Exceptions.CommandExecutionException exception)
        {
            throw new InvalidOperationException($"graphviz could not render the graph: {exception.Message}", exception);
        }
    }
}

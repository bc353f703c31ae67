using System.Reflection;
using LsatsHub.Engine.Execution;
using LsatsHub.Engine.Records;
using LsatsHub.Engine.Runs;
using LsatsHub.Runner.Configuration;
using LsatsHub.Runner.Output;
using LsatsHub.Warehouse.Snapshots;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Runner.Hosting;

/// <summary>Wires a coordinated run for <c>run</c> and <c>retry</c> and maps its outcome to an exit code.</summary>
internal static class RunLauncher
{
    public static string Version { get; } =
        typeof(RunLauncher).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static async Task<int> LaunchAsync(CommandSession session, RunLaunch launch, CancellationToken cancellationToken)
    {
        var settings = session.Settings;
        var clock = session.Environment.Clock;

        // Before the lock, the snapshot and every step: a missing credential of a selected source is a usage error.
        var problems = RunConfigurationCheck.Problems(session.Graph, launch.Steps, session.Configuration);
        if (problems.Count > 0)
        {
            throw new ConfigurationException(string.Join(System.Environment.NewLine + "  ", problems.Prepend($"{problems.Count} problem(s); nothing ran:")));
        }

        var gates = new List<StepGate>();
        if (!launch.NoSnapshot && !launch.DryRun)
        {
            var snapshotter = new PgDumpSnapshotter(
                new SnapshotOptions
                {
                    Directory = settings.SnapshotDirectory,
                    ConnectionString = settings.Database.ConnectionString,
                    PgBinDirectory = settings.PgBinDirectory,
                },
                session.LoggerFactory.CreateLogger<PgDumpSnapshotter>(),
                clock);
            gates.Add(SnapshotGate.Create(snapshotter));
        }

        var options = new ExecutionOptions
        {
            MaxParallel = launch.MaxParallel ?? settings.MaxParallel,
            ResourceLimits = settings.ResourceLimits.Limits,
            DefaultResourceLimit = settings.ResourceLimits.Default,
            DryRun = launch.DryRun,
            Gates = gates,
        };
        var coordinator = new RunCoordinator(
            session.Graph,
            new PipelineExecutor(session.DataSource, session.Configuration, session.LoggerFactory, clock),
            session.DataSource,
            new PostgresRunRecorder(session.DataSource, session.LoggerFactory.CreateLogger<PostgresRunRecorder>(), settings.Secrets),
            session.LoggerFactory.CreateLogger<RunCoordinator>(),
            clock);

        var output = session.Environment.Out;
        var progress = new ConsoleProgress(output, session.Environment.IsTerminal, launch.Steps.Count, clock);
        RunReport report;
        try
        {
            report = await coordinator.RunAsync(
                new RunRequest
                {
                    Steps = launch.Steps,
                    SelectionText = launch.SelectionText,
                    Trigger = launch.Trigger,
                    Version = Version,
                    Options = options,

                    // Only once the lock is ours: a run refused because another holds it must not claim to run anything.
                    LockTaken = _ => output.WriteLine($"running {launch.Steps.Count} step(s): {launch.SelectionText}{(launch.DryRun ? " (dry run)" : string.Empty)}"),
                },
                progress,
                cancellationToken);
        }
        finally
        {
            progress.Dispose();
        }

        output.WriteLine(RunSummaryRenderer.Render(report));
        return report.Status switch
        {
            RunStatus.Succeeded => ExitCodes.Success,
            RunStatus.Cancelled => ExitCodes.Cancelled,
            _ => ExitCodes.Failed,
        };
    }
}

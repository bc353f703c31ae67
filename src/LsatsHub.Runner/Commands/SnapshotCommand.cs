using System.CommandLine;
using System.Globalization;
using System.Text;
using LsatsHub.Runner.Hosting;
using LsatsHub.Warehouse.Snapshots;
using Microsoft.Extensions.Logging.Abstractions;

namespace LsatsHub.Runner.Commands;

/// <summary><c>snapshot list</c>: the pre-silver snapshots on disk.</summary>
internal static class SnapshotCommand
{
    // Listing reads the folder only; the snapshotter wants a connection string it never opens.
    private const string UnusedConnection = "Host=localhost";

    public static Command Create(RunnerEnvironment environment)
    {
        var command = new Command("snapshot", "The pre-silver snapshots (taken by 'run' before the first silver step).");
        var list = new Command("list", "List the pre-silver snapshots in $LSATS_SNAPSHOT_DIR, newest first, with size and time (UTC).");
        list.SetAction((parseResult, cancellationToken) => CommandExecution.RunAsync(
            environment, parseResult, "snapshot-list", logToFile: false, overrides: new Dictionary<string, string>(),
            (session, _) =>
            {
                var settings = session.Settings;
                var snapshots = new PgDumpSnapshotter(
                    new SnapshotOptions { Directory = settings.SnapshotDirectory, ConnectionString = UnusedConnection, PgBinDirectory = settings.PgBinDirectory },
                    NullLogger<PgDumpSnapshotter>.Instance,
                    session.Environment.Clock).List();
                session.Environment.Out.Write(Render(snapshots, settings.SnapshotDirectory));
                return Task.FromResult(ExitCodes.Success);
            },
            cancellationToken));
        command.Subcommands.Add(list);
        return command;
    }

    internal static string Render(IReadOnlyList<SnapshotFile> snapshots, string directory)
    {
        if (snapshots.Count == 0)
        {
            return $"no pre-silver snapshots in {directory}\n";
        }

        var sizes = snapshots.Select(snapshot => Sizes.Format(snapshot.SizeBytes)).ToList();
        var nameWidth = Math.Max("SNAPSHOT".Length, snapshots.Max(snapshot => snapshot.Name.Length));
        var sizeWidth = Math.Max("SIZE".Length, sizes.Max(size => size.Length));
        var text = new StringBuilder();
        text.Append("SNAPSHOT".PadRight(nameWidth + 2)).Append("SIZE".PadLeft(sizeWidth)).Append("  TAKEN (UTC)\n");
        for (var index = 0; index < snapshots.Count; index++)
        {
            text.Append(snapshots[index].Name.PadRight(nameWidth + 2))
                .Append(sizes[index].PadLeft(sizeWidth))
                .Append("  ")
                .Append(snapshots[index].TakenAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))
                .Append('\n');
        }

        text.Append(string.Create(CultureInfo.InvariantCulture, $"{snapshots.Count} snapshot(s) in {directory}\n"));
        return text.ToString();
    }
}

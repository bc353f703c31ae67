using System.CommandLine;
using System.Globalization;
using LsatsHub.Engine.Postgres;
using LsatsHub.Runner.Hosting;
using LsatsHub.Warehouse.Operations;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Runner.Commands;

/// <summary><c>restore &lt;file|latest|latest-snapshot&gt;</c>: check a dump, then (with --yes) restore it.</summary>
internal static class RestoreCommand
{
    public static Command Create(RunnerEnvironment environment)
    {
        var which = new Argument<string>("dump")
        {
            Description = "A dump file, 'latest' (newest daily backup in $LSATS_BACKUP_DIR) or 'latest-snapshot' (newest pre-silver snapshot in $LSATS_SNAPSHOT_DIR).",
        };
        var yes = new Option<bool>("--yes") { Description = "Really restore: drops and recreates every object in the dump (--clean --if-exists); a pre-silver snapshot holds silver, gold and silver's meta tables, never bronze. Without it the dump is only checked." };
        var into = new Option<string?>("--into") { Description = "Restore into this database instead (created if missing), e.g. lsats_db_drill for a restore drill." };
        var command = new Command(
            "restore",
            "Check a dump with pg_restore --list, then restore it with pg_restore --clean --if-exists in one transaction (a failure changes nothing). "
            + "Refuses without --yes. Stop the timers first (systemctl stop lsats-pipeline.timer) so no run writes meanwhile.")
        {
            which, yes, into,
        };
        command.SetAction((parseResult, cancellationToken) => CommandExecution.RunAsync(
            environment, parseResult, "restore", logToFile: true, overrides: new Dictionary<string, string>(),
            async (session, token) =>
            {
                var settings = session.Settings;
                var restore = new DatabaseRestore(
                    new RestoreOptions
                    {
                        BackupDirectory = settings.BackupDirectory,
                        SnapshotDirectory = settings.SnapshotDirectory,
                        ConnectionString = settings.Database.ConnectionString,
                        PgBinDirectory = settings.PgBinDirectory,
                    },
                    session.LoggerFactory.CreateLogger<DatabaseRestore>());
                return await OperationsFailures.ReportAsync(session, "restore failed", async () =>
                {
                    var output = session.Environment.Out;
                    var dump = restore.Find(parseResult.GetValue(which)!);
                    var target = parseResult.GetValue(into) ?? settings.Database.Database ?? "(the warehouse)";
                    if (!parseResult.GetValue(yes))
                    {
                        var contents = await restore.CheckAsync(dump, token);
                        output.WriteLine(Describe(dump, contents));
                        session.Environment.Error.WriteLine($"lsats-run: not restoring without --yes: this would replace every object of {dump.Name} in database {target}.");
                        return ExitCodes.UsageError;
                    }

                    // Restoring the warehouse under a running pipeline would mix two states: hold the run lock (a held lock exits 3).
                    await using var runLock = parseResult.GetValue(into) is null
                        ? await RunLock.AcquireAsync(session.DataSource, RunLock.DefaultName, $"lsats-run restore {dump.Name}", token)
                        : null;
                    var result = await restore.RestoreAsync(dump, parseResult.GetValue(into), token);
                    output.WriteLine(Describe(result.Dump, result.Contents));
                    output.WriteLine($"restored into {result.Database}{(result.CreatedDatabase ? " (created for this restore)" : string.Empty)}");
                    return ExitCodes.Success;
                });
            },
            cancellationToken));
        return command;
    }

    private static string Describe(BackupFile dump, DumpContents contents)
    {
        var scope = contents.CreatesSchemas ? string.Empty : "; tables and views only: restoring it replaces those and leaves bronze and every other object as they are";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"dump {dump.FullPath}: taken {dump.TakenAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC from {contents.SourceDatabase ?? "?"}, {Sizes.Format(dump.SizeBytes)}, {contents.EntryCount} entries, {contents.TableDataCount} tables with data ({contents.SilverTableCount} silver, {contents.BronzeTableCount} bronze){scope}");
    }
}

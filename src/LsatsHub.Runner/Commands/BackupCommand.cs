using System.CommandLine;
using System.Globalization;
using LsatsHub.Runner.Hosting;
using LsatsHub.Warehouse;
using LsatsHub.Warehouse.Operations;
using LsatsHub.Warehouse.Snapshots;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Runner.Commands;

/// <summary><c>backup</c>: the daily pg_dump, verified, copied and pruned (the lsats-backup timer runs it).</summary>
internal static class BackupCommand
{
    public static Command Create(RunnerEnvironment environment)
    {
        var command = new Command(
            "backup",
            "pg_dump --format=custom to $LSATS_BACKUP_DIR/lsats_db_<UTC time>.dump (written as .partial, checked with pg_restore --list, then renamed); "
            + "copy it to $LSATS_BACKUP_COPY_DIR and/or through $LSATS_BACKUP_COPY_COMMAND (the file is $1); then delete backups older than "
            + "$LSATS_BACKUP_RETENTION_DAYS (7) — never the newest, never a pre-silver snapshot.");
        command.SetAction((parseResult, cancellationToken) => CommandExecution.RunAsync(
            environment, parseResult, "backup", logToFile: true, overrides: new Dictionary<string, string>(),
            async (session, token) =>
            {
                var settings = session.Settings;
                var backup = new DatabaseBackup(
                    new BackupOptions
                    {
                        Directory = settings.BackupDirectory,
                        ConnectionString = settings.Database.ConnectionString,
                        PgBinDirectory = settings.PgBinDirectory,
                        Retention = settings.BackupRetention,
                        CopyDirectory = settings.BackupCopyDirectory,
                        CopyCommand = settings.BackupCopyCommand,
                    },
                    session.LoggerFactory.CreateLogger<DatabaseBackup>(),
                    session.Environment.Clock);
                return await OperationsFailures.ReportAsync(session, "backup failed", async () =>
                {
                    var result = await backup.RunAsync(token);
                    var output = session.Environment.Out;
                    output.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"backup {result.Backup.FullPath} ({Sizes.Format(result.Backup.SizeBytes)}, {result.Contents.EntryCount} entries, {result.Contents.TableDataCount} tables with data) verified with pg_restore --list"));
                    foreach (var copy in result.Copies)
                    {
                        output.WriteLine(copy);
                    }

                    foreach (var deleted in result.Deleted)
                    {
                        output.WriteLine($"deleted {deleted.Name} (older than {settings.BackupRetention.TotalDays:0} days)");
                    }

                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Kept.Count} backup(s) kept in {settings.BackupDirectory}"));
                    return ExitCodes.Success;
                });
            },
            cancellationToken));
        return command;
    }
}

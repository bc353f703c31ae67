using System.CommandLine;
using LsatsHub.Runner.Hosting;
using LsatsHub.Warehouse.Operations;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Runner.Commands;

/// <summary><c>health</c>: stale or failed ingestions, a failed last pipeline run, an old backup (the lsats-health timer runs it hourly).</summary>
internal static class HealthCommand
{
    public static Command Create(RunnerEnvironment environment)
    {
        var noBackup = new Option<bool>("--no-backup-check") { Description = "Do not check the age of the newest daily backup (for hosts that do not back up)." };
        var noDaemon = new Option<bool>("--no-daemon-check") { Description = "Do not check the ticket-queue daemon's last poll and failed actions." };
        var command = new Command(
            "health",
            "Per source and entity, the age of the last completed ingestion against $LSATS_HEALTH_MAX_AGE (36h; per source $LSATS_HEALTH_MAX_AGE_<SOURCE>, e.g. 8d for weekly sources); "
            + "whether the latest ingestion or the last pipeline run failed; whether the newest backup is older than $LSATS_HEALTH_BACKUP_MAX_AGE (26h); "
            + "whether the ticket-queue daemon's last poll is older than $LSATS_HEALTH_DAEMON_MAX_AGE (30m; checked once it has polled, always when the variable is set) and its failed actions. "
            + "Prints a table, logs each problem as a warning, exits 1 when anything is stale or failed.")
        {
            noBackup,
            noDaemon,
        };
        command.SetAction((parseResult, cancellationToken) => CommandExecution.RunAsync(
            environment, parseResult, "health", logToFile: false, overrides: new Dictionary<string, string>(),
            async (session, token) =>
            {
                var settings = session.Settings;
                var options = new HealthOptions
                {
                    DefaultMaxAge = settings.HealthMaxAge,
                    MaxAgeBySource = settings.HealthMaxAgeBySource,
                    BackupDirectory = parseResult.GetValue(noBackup) ? null : settings.BackupDirectory,
                    BackupMaxAge = settings.HealthBackupMaxAge,
                    CheckDaemon = !parseResult.GetValue(noDaemon),
                    DaemonMaxAge = settings.HealthDaemonMaxAge ?? TimeSpan.FromMinutes(30),
                    DaemonRequired = settings.HealthDaemonMaxAge is not null,
                };
                var report = await new HealthChecker(session.DataSource, session.Environment.Clock).CheckAsync(options, token);
                session.Environment.Out.WriteLine(HealthReportRenderer.Render(report));
                var logger = session.Logger("lsats-health");
                foreach (var problem in report.Problems)
                {
                    // Warnings go to standard error, which systemd files in the journal under the unit.
                    logger.LogWarning("{Area} {Subject} is {Status}: {Detail}", problem.Area, problem.Subject, problem.Status.ToString().ToUpperInvariant(), problem.Detail);
                }

                return report.Healthy ? ExitCodes.Success : ExitCodes.Failed;
            },
            cancellationToken));
        return command;
    }
}

using Dapper;
using Npgsql;

namespace LsatsHub.Warehouse.Operations;

/// <summary>
/// The hourly health check: per source and entity, the age of the last completed ingestion against
/// the source's threshold and whether the latest attempt failed (<c>meta.ingestion_runs</c>); whether
/// the last finished pipeline run failed (<c>meta.pipeline_runs</c>); the age of the newest daily backup; the ticket-queue
/// daemon's last poll and its failed or unfinished actions (<c>meta.daemon_polls</c>, <c>meta.daemon_action_log</c>).
/// </summary>
public sealed class HealthChecker
{
    private const string IngestionSql = """
        SELECT DISTINCT ON (r.source_system, r.entity_type)
               r.source_system AS SourceSystem,
               r.entity_type AS EntityType,
               r.status AS LatestStatus,
               r.error_message AS LatestError,
               (SELECT max(c.completed_at) FROM meta.ingestion_runs c
                 WHERE c.source_system = r.source_system AND c.entity_type = r.entity_type AND c.status = 'completed') AS LastCompleted
        FROM meta.ingestion_runs r
        WHERE r.status <> 'running'
        ORDER BY r.source_system, r.entity_type, r.started_at DESC
        """;

    private const string PipelineSql = """
        SELECT run_id AS RunId, status AS Status, started_at AS StartedAt, finished_at AS FinishedAt, selection AS Selection, error AS Error
        FROM meta.pipeline_runs
        WHERE status <> 'running'
        ORDER BY started_at DESC
        LIMIT 1
        """;

    private const string DaemonPollSql = "SELECT max(finished_at) FROM meta.daemon_polls";

    // Failed actions (retried on later polls up to the attempt limit) and claims a stopped daemon never completed.
    private const string DaemonActionsSql = """
        SELECT action_type AS ActionType, status AS Status, count(*)::int AS Tickets, max(attempts) AS MaxAttempts, max(coalesce(claimed_at, executed_at)) AS LastAt
        FROM meta.daemon_action_log
        WHERE status IN ('failed', 'claimed')
        GROUP BY action_type, status
        ORDER BY action_type, status
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _clock;

    /// <summary>Creates the checker.</summary>
    /// <param name="dataSource">The warehouse.</param>
    /// <param name="clock">The clock ages are measured with.</param>
    public HealthChecker(NpgsqlDataSource dataSource, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(clock);
        _dataSource = dataSource;
        _clock = clock;
    }

    /// <summary>Runs every check.</summary>
    /// <param name="options">Thresholds.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The report.</returns>
    public async Task<HealthReport> CheckAsync(HealthOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var now = _clock.GetUtcNow();
        var checks = new List<HealthCheck>();
        await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken))
        {
            var ingestions = await connection.QueryAsync<IngestionRow>(new CommandDefinition(IngestionSql, cancellationToken: cancellationToken));
            checks.AddRange(ingestions.Select(row => Ingestion(row, now, options.MaxAgeFor(row.SourceSystem))));
            if (checks.Count == 0)
            {
                checks.Add(new HealthCheck("ingestion", "(any source)", HealthStatus.Stale, null, null, options.DefaultMaxAge, "no ingestion has finished yet"));
            }

            var pipeline = await connection.QuerySingleOrDefaultAsync<PipelineRow>(new CommandDefinition(PipelineSql, cancellationToken: cancellationToken));
            checks.Add(Pipeline(pipeline, now));
            if (options.CheckDaemon)
            {
                var lastPoll = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(DaemonPollSql, cancellationToken: cancellationToken));
                if (lastPoll is not null || options.DaemonRequired)
                {
                    checks.Add(DaemonPoll(lastPoll, now, options.DaemonMaxAge));
                }

                var actions = await connection.QueryAsync<DaemonActionRow>(new CommandDefinition(DaemonActionsSql, cancellationToken: cancellationToken));
                checks.AddRange(actions.Select(row => DaemonActions(row, now)));
            }
        }

        if (options.BackupDirectory is not null)
        {
            checks.Add(Backup(BackupFolder.List(options.BackupDirectory).FirstOrDefault(), now, options));
        }

        return new HealthReport(now, checks);
    }

    private static HealthCheck Ingestion(IngestionRow row, DateTimeOffset now, TimeSpan threshold)
    {
        var subject = $"{row.SourceSystem}/{row.EntityType}";
        var last = row.LastCompleted is { } completed ? new DateTimeOffset(completed.ToUniversalTime(), TimeSpan.Zero) : (DateTimeOffset?)null;
        var age = now - last;
        if (row.LatestStatus == "failed")
        {
            return new HealthCheck("ingestion", subject, HealthStatus.Failed, last, age, threshold, "latest ingestion failed: " + OneLine(row.LatestError ?? "(no message)"));
        }

        if (last is null)
        {
            return new HealthCheck("ingestion", subject, HealthStatus.Stale, null, null, threshold, "never completed");
        }

        return age > threshold
            ? new HealthCheck("ingestion", subject, HealthStatus.Stale, last, age, threshold, $"last completed {DurationText.Format(age!.Value)} ago, over {DurationText.Format(threshold)}")
            : new HealthCheck("ingestion", subject, HealthStatus.Ok, last, age, threshold, "ok");
    }

    private static HealthCheck Pipeline(PipelineRow? row, DateTimeOffset now)
    {
        if (row is null)
        {
            return new HealthCheck("pipeline", "last run", HealthStatus.Stale, null, null, null, "no pipeline run has finished yet");
        }

        var at = new DateTimeOffset((row.FinishedAt ?? row.StartedAt).ToUniversalTime(), TimeSpan.Zero);
        return row.Status == "succeeded"
            ? new HealthCheck("pipeline", "last run", HealthStatus.Ok, at, now - at, null, $"succeeded ({row.Selection})")
            : new HealthCheck("pipeline", "last run", HealthStatus.Failed, at, now - at, null, $"{row.Status} ({row.Selection}): {OneLine(row.Error ?? "a step failed; see 'lsats-run history'")}");
    }

    private static HealthCheck DaemonPoll(DateTime? lastPoll, DateTimeOffset now, TimeSpan threshold)
    {
        if (lastPoll is not { } finished)
        {
            return new HealthCheck("daemon", "ticket queue", HealthStatus.Stale, null, null, threshold, "the ticket-queue daemon has never finished a poll");
        }

        var at = new DateTimeOffset(finished.ToUniversalTime(), TimeSpan.Zero);
        var age = now - at;
        return age > threshold
            ? new HealthCheck("daemon", "ticket queue", HealthStatus.Stale, at, age, threshold, $"last poll {DurationText.Format(age)} ago, over {DurationText.Format(threshold)} (systemctl status lsats-queue-daemon)")
            : new HealthCheck("daemon", "ticket queue", HealthStatus.Ok, at, age, threshold, "polling");
    }

    private static HealthCheck DaemonActions(DaemonActionRow row, DateTimeOffset now)
    {
        var at = row.LastAt is { } last ? new DateTimeOffset(last.ToUniversalTime(), TimeSpan.Zero) : (DateTimeOffset?)null;
        return row.Status == "failed"
            ? new HealthCheck("daemon", "action " + row.ActionType, HealthStatus.Failed, at, now - at, null,
                $"{row.Tickets} ticket(s) failed (up to {row.MaxAttempts} attempt(s); retried each poll until LSATS_QUEUE_MAX_ATTEMPTS); see meta.daemon_action_log")
            : new HealthCheck("daemon", "action " + row.ActionType, HealthStatus.Stale, at, now - at, null,
                $"{row.Tickets} ticket(s) claimed and never completed (the daemon stopped mid-action; the next poll checks TDX before writing again)");
    }

    private static HealthCheck Backup(BackupFile? newest, DateTimeOffset now, HealthOptions options)
    {
        if (newest is null)
        {
            return new HealthCheck("backup", "daily dump", HealthStatus.Stale, null, null, options.BackupMaxAge, $"no lsats_db_*.dump in {options.BackupDirectory}");
        }

        var age = now - newest.TakenAt;
        return age > options.BackupMaxAge
            ? new HealthCheck("backup", "daily dump", HealthStatus.Stale, newest.TakenAt, age, options.BackupMaxAge, $"{newest.Name} is {DurationText.Format(age)} old, over {DurationText.Format(options.BackupMaxAge)}")
            : new HealthCheck("backup", "daily dump", HealthStatus.Ok, newest.TakenAt, age, options.BackupMaxAge, newest.Name);
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 160 ? line : line[..157] + "...";
    }

    private sealed record IngestionRow(string SourceSystem, string EntityType, string LatestStatus, string? LatestError, DateTime? LastCompleted);

    private sealed record DaemonActionRow(string ActionType, string Status, int Tickets, int MaxAttempts, DateTime? LastAt);

    private sealed record PipelineRow(Guid RunId, string Status, DateTime StartedAt, DateTime? FinishedAt, string Selection, string? Error);
}

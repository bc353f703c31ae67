using LsatsHub.Engine.Execution;
using LsatsHub.Engine.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace LsatsHub.Engine.Records;

/// <summary>
/// Writes one run's records to <c>meta.pipeline_runs</c> and <c>meta.step_runs</c>: the run and
/// all its steps (as pending) at the start, each step as it starts and finishes, and the final
/// status of everything at the end. One instance records one run; every write is one round trip.
/// Error text is redacted before it is stored.
/// </summary>
public sealed class PostgresRunRecorder : IExecutionObserver
{
    /// <summary>The error recorded on runs (and their unfinished steps) that a dead process left behind.</summary>
    public const string AbandonedError = "abandoned: process ended without finishing";

    private const string StartRunSql = """
        WITH run AS (
            INSERT INTO meta.pipeline_runs (run_id, started_at, status, selection, trigger, host, version, step_names)
            VALUES ($1, $2, 'running', $3, $4, $5, $6, $7)
            RETURNING run_id
        )
        INSERT INTO meta.step_runs (run_id, step_name, status)
        SELECT run.run_id, step.name, 'pending'
        FROM run CROSS JOIN unnest($7::text[]) AS step(name)
        """;

    private const string UpsertStepSql = """
        INSERT INTO meta.step_runs (run_id, step_name, status, started_at, finished_at, attempts, rows_read, rows_written, error, summary)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        ON CONFLICT (run_id, step_name) DO UPDATE SET
            status = excluded.status,
            started_at = excluded.started_at,
            finished_at = excluded.finished_at,
            attempts = excluded.attempts,
            rows_read = excluded.rows_read,
            rows_written = excluded.rows_written,
            error = excluded.error,
            summary = excluded.summary
        """;

    // One statement: every reported step gets its final row, any row the report does not mention
    // that is still pending/running is closed as cancelled, and the run gets its outcome.
    private const string FinishRunSql = """
        WITH reported AS (
            INSERT INTO meta.step_runs (run_id, step_name, status, started_at, finished_at, attempts, rows_read, rows_written, error, summary)
            SELECT $1, s.step_name, s.status, s.started_at, s.finished_at, s.attempts, s.rows_read, s.rows_written, s.error, s.summary
            FROM unnest($4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::integer[], $9::bigint[], $10::bigint[], $11::text[], $12::text[])
                AS s(step_name, status, started_at, finished_at, attempts, rows_read, rows_written, error, summary)
            ON CONFLICT (run_id, step_name) DO UPDATE SET
                status = excluded.status,
                started_at = excluded.started_at,
                finished_at = excluded.finished_at,
                attempts = excluded.attempts,
                rows_read = excluded.rows_read,
                rows_written = excluded.rows_written,
                error = excluded.error,
                summary = excluded.summary
            RETURNING step_name
        ),
        unreported AS (
            UPDATE meta.step_runs
            SET status = 'cancelled', finished_at = $3, error = 'the run finished without reporting this step'
            WHERE run_id = $1 AND status IN ('pending', 'running') AND step_name <> ALL ($4::text[])
            RETURNING step_name
        )
        UPDATE meta.pipeline_runs
        SET status = $2, finished_at = $3
        WHERE run_id = $1
        RETURNING (SELECT count(*) FROM reported), (SELECT count(*) FROM unreported)
        """;

    // Runs still 'running' while we hold the run lock belong to processes that died. Running steps
    // failed with them; pending steps never got their chance. The run's end is its last sign of life.
    private const string MarkAbandonedSql = """
        WITH abandoned AS (
            SELECT run_id FROM meta.pipeline_runs
            WHERE status = 'running' AND run_id IS DISTINCT FROM $2
            FOR UPDATE
        ),
        steps AS (
            UPDATE meta.step_runs s
            SET status = CASE s.status WHEN 'running' THEN 'failed' ELSE 'cancelled' END, error = $1
            FROM abandoned a
            WHERE s.run_id = a.run_id AND s.status IN ('pending', 'running')
            RETURNING s.run_id
        )
        UPDATE meta.pipeline_runs r
        SET status = 'failed',
            error = $1,
            finished_at = coalesce(
                (SELECT max(greatest(s.started_at, s.finished_at)) FROM meta.step_runs s WHERE s.run_id = r.run_id),
                r.started_at)
        FROM abandoned a
        WHERE r.run_id = a.run_id
        RETURNING r.run_id
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<PostgresRunRecorder> _logger;
    private readonly string[] _secrets;
    private readonly Lock _gate = new();
    private Guid? _runId;

    /// <summary>Creates a recorder for one run.</summary>
    /// <param name="dataSource">The warehouse database (with <c>meta</c> initialised).</param>
    /// <param name="logger">Logger.</param>
    /// <param name="secrets">Values that must never be stored (passwords, API keys); credential patterns are masked regardless.</param>
    public PostgresRunRecorder(NpgsqlDataSource dataSource, ILogger<PostgresRunRecorder> logger, IEnumerable<string>? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(logger);
        _dataSource = dataSource;
        _logger = logger;
        _secrets = secrets?.ToArray() ?? [];
    }

    /// <summary>The run being recorded, once <see cref="StartRunAsync"/> has been called.</summary>
    public Guid? RunId
    {
        get
        {
            lock (_gate)
            {
                return _runId;
            }
        }
    }

    /// <summary>Records the run as running and each of its steps as pending, in one round trip.</summary>
    /// <param name="start">The run.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ArgumentException">A step is listed twice or a value is too long for its column.</exception>
    /// <exception cref="RunRecordsMissingException">The meta tables do not exist.</exception>
    public async Task StartRunAsync(PipelineRunStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        Validate(start);
        lock (_gate)
        {
            if (_runId is { } current && current != start.RunId)
            {
                throw new InvalidOperationException($"This recorder already records run {current}; create one recorder per run.");
            }

            _runId = start.RunId;
        }

        await using var command = _dataSource.CreateCommand(StartRunSql);
        command.Parameters.Add(new NpgsqlParameter { Value = start.RunId, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = start.StartedAt.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = start.Selection, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = start.Trigger, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = start.Host, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = start.Version, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = start.StepNames.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await RunRecordsCommands.ExecuteNonQueryAsync(command, cancellationToken);
        _logger.LogInformation("Recording run {RunId} with {StepCount} steps", start.RunId, start.StepNames.Count);
    }

    /// <inheritdoc />
    public Task OnStepStartedAsync(StepRunReport step, CancellationToken cancellationToken) => UpsertStepAsync(step, cancellationToken);

    /// <inheritdoc />
    public Task OnStepFinishedAsync(StepRunReport step, CancellationToken cancellationToken) => UpsertStepAsync(step, cancellationToken);

    /// <summary>Records the run's outcome and every step's final state in one statement; step rows the report omits that are still pending or running are closed as cancelled.</summary>
    /// <param name="report">The run's final report.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="InvalidOperationException">The report is for another run, or the run was never started.</exception>
    public async Task FinishRunAsync(RunReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var runId = CurrentRunId();
        if (report.RunId != runId)
        {
            throw new InvalidOperationException($"The report is for run {report.RunId}, but this recorder records run {runId}.");
        }

        var steps = report.Steps;
        await using var command = _dataSource.CreateCommand(FinishRunSql);
        command.Parameters.Add(new NpgsqlParameter { Value = runId, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = RunStatusNames.ToDatabase(report.Status), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = report.FinishedAt.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        AddArray(command, steps.Select(s => s.StepName).ToArray(), NpgsqlDbType.Text);
        AddArray(command, steps.Select(s => RunStatusNames.ToDatabase(s.Status)).ToArray(), NpgsqlDbType.Text);
        AddArray(command, steps.Select(s => s.StartedAt?.ToUniversalTime()).ToArray(), NpgsqlDbType.TimestampTz);
        AddArray(command, steps.Select(s => s.FinishedAt?.ToUniversalTime()).ToArray(), NpgsqlDbType.TimestampTz);
        AddArray(command, steps.Select(s => s.Attempts).ToArray(), NpgsqlDbType.Integer);
        AddArray(command, steps.Select(s => s.RowsRead).ToArray(), NpgsqlDbType.Bigint);
        AddArray(command, steps.Select(s => s.RowsWritten).ToArray(), NpgsqlDbType.Bigint);
        AddArray(command, steps.Select(s => RedactOrNull(s.Error)).ToArray(), NpgsqlDbType.Text);
        AddArray(command, steps.Select(s => RedactOrNull(s.Summary)).ToArray(), NpgsqlDbType.Text);

        await using var reader = await RunRecordsCommands.ExecuteReaderAsync(command, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"Run {runId} has no row in meta.pipeline_runs; StartRunAsync must succeed before FinishRunAsync.");
        }

        var unreported = reader.GetInt64(1);
        if (unreported > 0)
        {
            _logger.LogWarning("Run {RunId} finished without a final status for {Count} step(s); recorded them as cancelled", runId, unreported);
        }

        _logger.LogInformation("Run {RunId} recorded as {Status}", runId, report.Status);
    }

    /// <summary>
    /// Marks every run still recorded as running (other than this recorder's own) as failed with
    /// <see cref="AbandonedError"/>: their processes died. Only safe while holding the run lock,
    /// which proves no other run is alive; hence the lock parameter.
    /// </summary>
    /// <param name="heldLock">The run lock this process holds.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The ids of the runs marked.</returns>
    /// <exception cref="InvalidOperationException">The lock has been released.</exception>
    public async Task<IReadOnlyList<Guid>> MarkAbandonedRunsAsync(RunLock heldLock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(heldLock);
        if (!heldLock.IsHeld)
        {
            throw new InvalidOperationException($"The run lock '{heldLock.LockName}' has been released; abandoned runs can only be marked while holding it.");
        }

        await using var command = _dataSource.CreateCommand(MarkAbandonedSql);
        command.Parameters.Add(new NpgsqlParameter { Value = AbandonedError, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)RunId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });

        var marked = new List<Guid>();
        await using (var reader = await RunRecordsCommands.ExecuteReaderAsync(command, cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                marked.Add(reader.GetGuid(0));
            }
        }

        foreach (var runId in marked)
        {
            _logger.LogWarning("Run {RunId} was still recorded as running; its process ended without finishing, marked it failed", runId);
        }

        return marked;
    }

    private async Task UpsertStepAsync(StepRunReport step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        var runId = CurrentRunId();
        await using var command = _dataSource.CreateCommand(UpsertStepSql);
        command.Parameters.Add(new NpgsqlParameter { Value = runId, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = step.StepName, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = RunStatusNames.ToDatabase(step.Status), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)step.StartedAt?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)step.FinishedAt?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = step.Attempts, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = step.RowsRead, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = step.RowsWritten, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)RedactOrNull(step.Error) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)RedactOrNull(step.Summary) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await RunRecordsCommands.ExecuteNonQueryAsync(command, cancellationToken);
    }

    private Guid CurrentRunId() =>
        RunId ?? throw new InvalidOperationException("No run is being recorded: call StartRunAsync first.");

    private string? RedactOrNull(string? text) => text is null ? null : SecretRedactor.Redact(text, _secrets);

    private static void AddArray<T>(NpgsqlCommand command, T[] values, NpgsqlDbType elementType) =>
        command.Parameters.Add(new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | elementType });

    private static void Validate(PipelineRunStart start)
    {
        CheckLength(start.Trigger, 50, nameof(start.Trigger));
        CheckLength(start.Host, 255, nameof(start.Host));
        CheckLength(start.Version, 50, nameof(start.Version));
        ArgumentNullException.ThrowIfNull(start.Selection);
        ArgumentNullException.ThrowIfNull(start.StepNames);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in start.StepNames)
        {
            CheckLength(name, 200, "step name");
            if (!seen.Add(name))
            {
                throw new ArgumentException($"The step '{name}' is listed twice in run {start.RunId}.", nameof(start));
            }
        }
    }

    private static void CheckLength(string value, int maximum, string what)
    {
        ArgumentNullException.ThrowIfNull(value, what);
        if (value.Length > maximum)
        {
            throw new ArgumentException($"The {what} '{value[..Math.Min(value.Length, 60)]}...' is longer than {maximum} characters, the limit of its column in meta.", what);
        }
    }
}

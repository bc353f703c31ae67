using LsatsHub.Engine.Execution;
using Npgsql;
using NpgsqlTypes;

namespace LsatsHub.Engine.Records;

/// <summary>Reads the run records back: recent runs with their steps, and each step's latest status.</summary>
public sealed class RunHistory
{
    private const string LastRunsSql = """
        WITH runs AS (
            SELECT run_id, started_at, finished_at, status, selection, trigger, host, version, error
            FROM meta.pipeline_runs
            ORDER BY started_at DESC, run_id
            LIMIT $1
        )
        """ + "\n" + RunsWithStepsSql;

    private const string OneRunSql = """
        WITH runs AS (
            SELECT run_id, started_at, finished_at, status, selection, trigger, host, version, error
            FROM meta.pipeline_runs
            WHERE run_id = $1
        )
        """ + "\n" + RunsWithStepsSql;

    private const string RunsWithStepsSql = """
        SELECT r.run_id, r.started_at, r.finished_at, r.status, r.selection, r.trigger, r.host, r.version, r.error,
               s.step_name, s.status, s.started_at, s.finished_at, s.attempts, s.rows_read, s.rows_written, s.error, s.summary
        FROM runs r
        LEFT JOIN meta.step_runs s ON s.run_id = r.run_id
        ORDER BY r.started_at DESC, r.run_id, s.step_name
        """;

    // A step's latest status is its row in the most recent run that included it.
    private const string LastStatusPerStepSql = """
        SELECT DISTINCT ON (s.step_name) s.step_name, s.status
        FROM meta.step_runs s
        JOIN meta.pipeline_runs r ON r.run_id = s.run_id
        ORDER BY s.step_name, r.started_at DESC, r.run_id
        """;

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates a reader of the run records.</summary>
    /// <param name="dataSource">The warehouse database.</param>
    public RunHistory(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <summary>The most recent runs, newest first, each with its steps ordered by name.</summary>
    /// <param name="count">How many runs (at least 1).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The runs.</returns>
    /// <exception cref="RunRecordsMissingException">The meta tables do not exist.</exception>
    public async Task<IReadOnlyList<PipelineRunRecord>> LastRunsAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        await using var command = _dataSource.CreateCommand(LastRunsSql);
        command.Parameters.Add(new NpgsqlParameter { Value = count, NpgsqlDbType = NpgsqlDbType.Integer });
        return await ReadRunsAsync(command, cancellationToken);
    }

    /// <summary>One run with its steps, or null if no run has that id.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The run.</returns>
    /// <exception cref="RunRecordsMissingException">The meta tables do not exist.</exception>
    public async Task<PipelineRunRecord?> RunAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(OneRunSql);
        command.Parameters.Add(new NpgsqlParameter { Value = runId, NpgsqlDbType = NpgsqlDbType.Uuid });
        return (await ReadRunsAsync(command, cancellationToken)).SingleOrDefault();
    }

    private static async Task<IReadOnlyList<PipelineRunRecord>> ReadRunsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var runs = new List<PipelineRunRecord>();
        PipelineRunRecord? current = null;
        List<StepRunRecord> steps = [];
        await using var reader = await RunRecordsCommands.ExecuteReaderAsync(command, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var runId = reader.GetGuid(0);
            if (current?.RunId != runId)
            {
                steps = [];
                current = new PipelineRunRecord(
                    runId,
                    reader.GetFieldValue<DateTimeOffset>(1),
                    reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                    RunStatusNames.RunFromDatabase(reader.GetString(3)),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.GetString(6),
                    reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8),
                    steps);
                runs.Add(current);
            }

            if (!reader.IsDBNull(9))
            {
                steps.Add(new StepRunRecord(
                    reader.GetString(9),
                    RunStatusNames.StepFromDatabase(reader.GetString(10)),
                    reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
                    reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
                    reader.GetInt32(13),
                    reader.GetInt64(14),
                    reader.GetInt64(15),
                    reader.IsDBNull(16) ? null : reader.GetString(16),
                    reader.IsDBNull(17) ? null : reader.GetString(17)));
            }
        }

        return runs;
    }

    /// <summary>The most recent run with its steps, or null if there has been none.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The run.</returns>
    /// <exception cref="RunRecordsMissingException">The meta tables do not exist.</exception>
    public async Task<PipelineRunRecord?> LastRunAsync(CancellationToken cancellationToken) =>
        (await LastRunsAsync(1, cancellationToken)).FirstOrDefault();

    /// <summary>Each step's status in the most recent run that included it (for colouring the graph).</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>Status by step name; steps that never ran are absent.</returns>
    /// <exception cref="RunRecordsMissingException">The meta tables do not exist.</exception>
    public async Task<IReadOnlyDictionary<string, StepStatus>> LastStatusPerStepAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(LastStatusPerStepSql);
        var statuses = new Dictionary<string, StepStatus>(StringComparer.Ordinal);
        await using var reader = await RunRecordsCommands.ExecuteReaderAsync(command, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            statuses[reader.GetString(0)] = RunStatusNames.StepFromDatabase(reader.GetString(1));
        }

        return statuses;
    }
}

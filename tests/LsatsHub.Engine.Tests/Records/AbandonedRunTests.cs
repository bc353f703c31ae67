using Dapper;
using LsatsHub.Engine.Execution;
using LsatsHub.Engine.Postgres;
using LsatsHub.Engine.Records;
using Microsoft.Extensions.Logging.Abstractions;

namespace LsatsHub.Engine.Tests.Records;

public sealed class AbandonedRunTests
{
    private static readonly DateTimeOffset Start = RunRecordsDatabase.Midnight;

    [Fact]
    public async Task Runs_left_running_by_a_dead_process_are_marked_failed_with_their_unfinished_steps()
    {
        await using var database = await RunRecordsDatabase.CreateAsync("abandon");
        var deadRun = Guid.NewGuid();
        var dead = new PostgresRunRecorder(database.DataSource, NullLogger<PostgresRunRecorder>.Instance);
        await dead.StartRunAsync(new PipelineRunStart(deadRun, Start, "all", "timer", "etl01", "1.0.0", ["done", "midway", "never"]), CancellationToken.None);
        await dead.OnStepFinishedAsync(new StepRunReport("done", StepStatus.Succeeded, Start.AddSeconds(1), Start.AddSeconds(2), 1, 5, 5, null, null), CancellationToken.None);
        await dead.OnStepStartedAsync(new StepRunReport("midway", StepStatus.Running, Start.AddSeconds(3), null, 1, 0, 0, null, null), CancellationToken.None);
        var finishedRun = Guid.NewGuid();
        var finished = new PostgresRunRecorder(database.DataSource, NullLogger<PostgresRunRecorder>.Instance);
        await finished.StartRunAsync(new PipelineRunStart(finishedRun, Start.AddHours(-1), "all", "timer", "etl01", "1.0.0", ["done"]), CancellationToken.None);
        await finished.FinishRunAsync(new RunReport(finishedRun, RunStatus.Succeeded, Start.AddHours(-1), Start.AddMinutes(-50), [new StepRunReport("done", StepStatus.Succeeded, Start.AddHours(-1), Start.AddMinutes(-50), 1, 0, 0, null, null)]), CancellationToken.None);
        var current = new PostgresRunRecorder(database.DataSource, NullLogger<PostgresRunRecorder>.Instance);
        await using var runLock = await RunLock.AcquireAsync(database.DataSource, "lsats-run", "lsats-run test", CancellationToken.None);

        var marked = await current.MarkAbandonedRunsAsync(runLock, CancellationToken.None);

        marked.Should().Equal(deadRun);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var runs = (await connection.QueryAsync<(Guid RunId, string Status, string? Error, DateTime? FinishedAt)>(
            "SELECT run_id, status, error, finished_at FROM meta.pipeline_runs ORDER BY started_at")).ToList();
        runs.Should().Equal(
            (finishedRun, "succeeded", (string?)null, (DateTime?)Start.AddMinutes(-50).UtcDateTime),
            (deadRun, "failed", PostgresRunRecorder.AbandonedError, (DateTime?)Start.AddSeconds(3).UtcDateTime));
        var steps = await connection.QueryAsync<(string Name, string Status, string? Error)>(
            "SELECT step_name, status, error FROM meta.step_runs WHERE run_id = @deadRun ORDER BY step_name", new { deadRun });
        steps.Should().Equal(
            ("done", "succeeded", (string?)null),
            ("midway", "failed", PostgresRunRecorder.AbandonedError),
            ("never", "cancelled", PostgresRunRecorder.AbandonedError));
    }

    [Fact]
    public async Task The_recorders_own_run_is_never_marked_abandoned()
    {
        await using var database = await RunRecordsDatabase.CreateAsync("abandonown");
        var recorder = new PostgresRunRecorder(database.DataSource, NullLogger<PostgresRunRecorder>.Instance);
        var runId = Guid.NewGuid();
        await using var runLock = await RunLock.AcquireAsync(database.DataSource, "lsats-run", "lsats-run test", CancellationToken.None);
        await recorder.StartRunAsync(new PipelineRunStart(runId, Start, "all", "timer", "etl01", "1.0.0", ["a"]), CancellationToken.None);

        var marked = await recorder.MarkAbandonedRunsAsync(runLock, CancellationToken.None);

        marked.Should().BeEmpty();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        (await connection.QuerySingleAsync<string>("SELECT status FROM meta.pipeline_runs WHERE run_id = @runId", new { runId })).Should().Be("running");
    }

    [Fact]
    public async Task Marking_abandoned_runs_after_releasing_the_lock_is_refused()
    {
        await using var database = await RunRecordsDatabase.CreateAsync("abandonlock");
        var recorder = new PostgresRunRecorder(database.DataSource, NullLogger<PostgresRunRecorder>.Instance);
        var runLock = await RunLock.AcquireAsync(database.DataSource, "lsats-run", "lsats-run test", CancellationToken.None);
        await runLock.DisposeAsync();

        var act = () => recorder.MarkAbandonedRunsAsync(runLock, CancellationToken.None);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*'lsats-run' has been released*");
    }
}

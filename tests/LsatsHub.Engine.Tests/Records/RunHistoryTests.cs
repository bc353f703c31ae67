using LsatsHub.Engine.Execution;
using LsatsHub.Engine.Records;
using LsatsHub.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace LsatsHub.Engine.Tests.Records;

public sealed class RunHistoryTests
{
    private static readonly DateTimeOffset Start = RunRecordsDatabase.Midnight;

    [Fact]
    public async Task Last_runs_come_newest_first_each_with_its_steps_in_name_order()
    {
        await using var database = await RunRecordsDatabase.CreateAsync("histlast");
        var oldest = await RecordRunAsync(database, Start.AddDays(-2), RunStatus.Succeeded, ("x", StepStatus.Succeeded), ("y", StepStatus.Succeeded));
        var middle = await RecordRunAsync(database, Start.AddDays(-1), RunStatus.Failed, ("y", StepStatus.Failed), ("x", StepStatus.Succeeded), ("z", StepStatus.Skipped));
        var newest = await RecordRunAsync(database, Start, RunStatus.Succeeded, ("x", StepStatus.Succeeded));
        var history = new RunHistory(database.DataSource);

        var runs = await history.LastRunsAsync(2, CancellationToken.None);
        var last = await history.LastRunAsync(CancellationToken.None);

        runs.Select(r => r.RunId).Should().Equal(newest, middle);
        runs[1].Status.Should().Be(RunStatus.Failed);
        runs[1].Steps.Select(s => (s.StepName, s.Status)).Should().Equal(("x", StepStatus.Succeeded), ("y", StepStatus.Failed), ("z", StepStatus.Skipped));
        runs[1].Steps[1].Error.Should().Be("y went wrong");
        runs[1].Steps[0].RowsWritten.Should().Be(7);
        runs[1].Duration.Should().Be(TimeSpan.FromMinutes(3));
        last!.RunId.Should().Be(newest);
        oldest.Should().NotBe(newest);
    }

    [Fact]
    public async Task One_run_is_found_by_its_id_with_its_steps_and_an_unknown_id_finds_none()
    {
        await using var database = await RunRecordsDatabase.CreateAsync("histone");
        var older = await RecordRunAsync(database, Start.AddDays(-1), RunStatus.Failed, ("y", StepStatus.Failed), ("x", StepStatus.Succeeded));
        await RecordRunAsync(database, Start, RunStatus.Succeeded, ("x", StepStatus.Succeeded));
        var history = new RunHistory(database.DataSource);

        var run = await history.RunAsync(older, CancellationToken.None);
        var unknown = await history.RunAsync(Guid.NewGuid(), CancellationToken.None);

        run!.RunId.Should().Be(older);
        run.Steps.Select(s => (s.StepName, s.Status)).Should().Equal(("x", StepStatus.Succeeded), ("y", StepStatus.Failed));
        unknown.Should().BeNull();
    }

    [Fact]
    public async Task Each_steps_last_status_comes_from_the_most_recent_run_that_included_it()
    {
        await using var database = await RunRecordsDatabase.CreateAsync("histstatus");
        await RecordRunAsync(database, Start.AddDays(-1), RunStatus.Succeeded, ("x", StepStatus.Succeeded), ("y", StepStatus.Succeeded));
        await RecordRunAsync(database, Start, RunStatus.Failed, ("x", StepStatus.Failed));
        var history = new RunHistory(database.DataSource);

        var statuses = await history.LastStatusPerStepAsync(CancellationToken.None);

        statuses.Should().BeEquivalentTo(new Dictionary<string, StepStatus> { ["x"] = StepStatus.Failed, ["y"] = StepStatus.Succeeded });
    }

    [Fact]
    public async Task An_empty_history_has_no_last_run()
    {
        await using var database = await RunRecordsDatabase.CreateAsync("histempty");
        var history = new RunHistory(database.DataSource);

        (await history.LastRunAsync(CancellationToken.None)).Should().BeNull();
        (await history.LastStatusPerStepAsync(CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task Without_the_meta_tables_the_history_says_to_run_db_init()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("histnometa");
        var history = new RunHistory(database.DataSource);

        var lastRuns = () => history.LastRunsAsync(5, CancellationToken.None);
        var lastStatus = () => history.LastStatusPerStepAsync(CancellationToken.None);

        await lastRuns.Should().ThrowAsync<RunRecordsMissingException>().WithMessage("*meta.pipeline_runs*do not exist*");
        await lastStatus.Should().ThrowAsync<RunRecordsMissingException>().WithMessage("*meta.pipeline_runs*do not exist*");
    }

    private static async Task<Guid> RecordRunAsync(TestDatabase database, DateTimeOffset startedAt, RunStatus status, params (string Name, StepStatus Status)[] steps)
    {
        var runId = Guid.NewGuid();
        var recorder = new PostgresRunRecorder(database.DataSource, NullLogger<PostgresRunRecorder>.Instance);
        await recorder.StartRunAsync(new PipelineRunStart(runId, startedAt, "all", "timer", "etl01", "1.0.0", [.. steps.Select(s => s.Name)]), CancellationToken.None);
        var reports = steps.Select(s => new StepRunReport(
            s.Name,
            s.Status,
            s.Status == StepStatus.Skipped ? null : startedAt.AddMinutes(1),
            startedAt.AddMinutes(2),
            1,
            10,
            7,
            s.Status == StepStatus.Failed ? $"{s.Name} went wrong" : null,
            null)).ToList();
        await recorder.FinishRunAsync(new RunReport(runId, status, startedAt, startedAt.AddMinutes(3), reports), CancellationToken.None);
        return runId;
    }
}

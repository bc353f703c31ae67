using Dapper;
using LsatsHub.Engine.Execution;
using LsatsHub.Engine.Records;
using Microsoft.Extensions.Logging.Abstractions;

namespace LsatsHub.Engine.Tests.Records;

public sealed class PostgresRunRecorderTests
{
    private static readonly DateTimeOffset Start = RunRecordsDatabase.Midnight;

    [Fact]
    public async Task Starting_a_run_records_it_as_running_with_every_step_pending()
    {
        await using var database = await RunRecordsDatabase.CreateAsync("recstart");
        var recorder = new PostgresRunRecorder(database.DataSource, NullLogger<PostgresRunRecorder>.Instance);
        var runId = Guid.NewGuid();

        await recorder.StartRunAsync(new PipelineRunStart(runId, Start, "--target silver.labs", "timer", "etl01", "1.2.3", ["b.step", "a.step", "c.step"]), CancellationToken.None);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        var run = await connection.QuerySingleAsync<(string Status, DateTime StartedAt, string Selection, string Trigger, string Host, string Version, string[] StepNames)>(
            "SELECT status, started_at, selection, trigger, host, version, step_names FROM meta.pipeline_runs WHERE run_id = @runId", new { runId });
        run.Should().Be(("running", Start.UtcDateTime, "--target silver.labs", "timer", "etl01", "1.2.3", run.StepNames));
        run.StepNames.Should().Equal("b.step", "a.step", "c.step");
        var steps = await connection.QueryAsync<(string Name, string Status, int Attempts)>(
            "SELECT step_name, status, attempts FROM meta.step_runs WHERE run_id = @runId ORDER BY step_name", new { runId });
        steps.Should().Equal(("a.step", "pending", 0), ("b.step", "pending", 0), ("c.step", "pending", 0));
    }

    [Fact]
    public async Task A_whole_lifecycle_leaves_every_step_with_its_final_status()
    {
        await using var database = await RunRecordsDatabase.CreateAsync("reclife");
        var recorder = new PostgresRunRecorder(database.DataSource, NullLogger<PostgresRunRecorder>.Instance);
        var runId = Guid.NewGuid();
        await recorder.StartRunAsync(new PipelineRunStart(runId, Start, "layer:bronze+", "manual", "etl01", "1.2.3", ["bronze.a", "silver.b", "silver.c"]), CancellationToken.None);
        var aStarted = new StepRunReport("bronze.a", StepStatus.Running, Start.AddSeconds(1), null, 1, 0, 0, null, null);
        var aDone = aStarted with { Status = StepStatus.Succeeded, FinishedAt = Start.AddSeconds(5), RowsRead = 1204, RowsWritten = 17, Summary = "17 new versions" };
        var bStarted = new StepRunReport("silver.b", StepStatus.Running, Start.AddSeconds(6), null, 2, 0, 0, null, null);

        await recorder.OnStepStartedAsync(aStarted, CancellationToken.None);
        var whileRunning = await StepAsync(database, runId, "bronze.a");
        await recorder.OnStepFinishedAsync(aDone, CancellationToken.None);
        await recorder.OnStepStartedAsync(bStarted, CancellationToken.None);
        var bFailed = bStarted with { Status = StepStatus.Failed, FinishedAt = Start.AddSeconds(9), Error = "connect failed: Host=db;Password=hunter22;\nat Npgsql..." };
        await recorder.OnStepFinishedAsync(bFailed, CancellationToken.None);
        var cSkipped = new StepRunReport("silver.c", StepStatus.Skipped, null, Start.AddSeconds(9), 0, 0, 0, "skipped: silver.b failed", null);
        await recorder.FinishRunAsync(new RunReport(runId, RunStatus.Failed, Start, Start.AddSeconds(10), [aDone, bFailed, cSkipped]), CancellationToken.None);

        whileRunning.Should().Be(("running", 1, 0L, 0L, (string?)null, (string?)null, (DateTime?)null));
        (await StepAsync(database, runId, "bronze.a")).Should().Be(("succeeded", 1, 1204L, 17L, (string?)null, "17 new versions", (DateTime?)Start.AddSeconds(5).UtcDateTime));
        (await StepAsync(database, runId, "silver.b")).Should().Be(("failed", 2, 0L, 0L, "connect failed: Host=db;Password=***;\nat Npgsql...", (string?)null, (DateTime?)Start.AddSeconds(9).UtcDateTime));
        (await StepAsync(database, runId, "silver.c")).Should().Be(("skipped", 0, 0L, 0L, "skipped: silver.b failed", (string?)null, (DateTime?)Start.AddSeconds(9).UtcDateTime));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var run = await connection.QuerySingleAsync<(string Status, DateTime? FinishedAt)>("SELECT status, finished_at FROM meta.pipeline_runs WHERE run_id = @runId", new { runId });
        run.Should().Be(("failed", (DateTime?)Start.AddSeconds(10).UtcDateTime));
    }

    [Fact]
    public async Task Finishing_closes_step_rows_the_report_leaves_out_as_cancelled()
    {
        await using var database = await RunRecordsDatabase.CreateAsync("recomit");
        var recorder = new PostgresRunRecorder(database.DataSource, NullLogger<PostgresRunRecorder>.Instance);
        var runId = Guid.NewGuid();
        await recorder.StartRunAsync(new PipelineRunStart(runId, Start, "all", "manual", "etl01", "1.2.3", ["a", "b"]), CancellationToken.None);
        await recorder.OnStepStartedAsync(new StepRunReport("b", StepStatus.Running, Start, null, 1, 0, 0, null, null), CancellationToken.None);

        await recorder.FinishRunAsync(new RunReport(runId, RunStatus.Cancelled, Start, Start.AddMinutes(1), []), CancellationToken.None);

        (await StepAsync(database, runId, "a")).Status.Should().Be("cancelled");
        (await StepAsync(database, runId, "b")).Status.Should().Be("cancelled");
    }

    [Fact]
    public async Task Secrets_the_recorder_was_given_never_reach_the_table()
    {
        await using var database = await RunRecordsDatabase.CreateAsync("recsecret");
        var recorder = new PostgresRunRecorder(database.DataSource, NullLogger<PostgresRunRecorder>.Instance, ["tdx-key-0123456789"]);
        var runId = Guid.NewGuid();
        await recorder.StartRunAsync(new PipelineRunStart(runId, Start, "all", "manual", "etl01", "1.2.3", ["a"]), CancellationToken.None);

        await recorder.OnStepFinishedAsync(new StepRunReport("a", StepStatus.Failed, Start, Start, 1, 0, 0, "401 for key tdx-key-0123456789 at https://svc:pw1234@tdx.example/api", null), CancellationToken.None);

        (await StepAsync(database, runId, "a")).Error.Should().Be("401 for key *** at https://svc:***@tdx.example/api");
    }

    [Fact]
    public async Task Step_events_before_the_run_started_are_refused()
    {
        await using var database = await RunRecordsDatabase.CreateAsync("recnorun");
        var recorder = new PostgresRunRecorder(database.DataSource, NullLogger<PostgresRunRecorder>.Instance);

        var act = () => recorder.OnStepStartedAsync(new StepRunReport("a", StepStatus.Running, Start, null, 1, 0, 0, null, null), CancellationToken.None);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*StartRunAsync*");
    }

    [Fact]
    public async Task A_step_listed_twice_is_refused_naming_it()
    {
        await using var database = await RunRecordsDatabase.CreateAsync("recdup");
        var recorder = new PostgresRunRecorder(database.DataSource, NullLogger<PostgresRunRecorder>.Instance);

        var act = () => recorder.StartRunAsync(new PipelineRunStart(Guid.NewGuid(), Start, "all", "manual", "etl01", "1.2.3", ["a", "silver.labs", "silver.labs"]), CancellationToken.None);

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*'silver.labs' is listed twice*");
    }

    [Fact]
    public async Task Without_the_meta_tables_the_recorder_says_to_run_db_init()
    {
        await using var database = await LsatsHub.Testing.PostgresServer.CreateDatabaseAsync("recnometa");
        var recorder = new PostgresRunRecorder(database.DataSource, NullLogger<PostgresRunRecorder>.Instance);

        var act = () => recorder.StartRunAsync(new PipelineRunStart(Guid.NewGuid(), Start, "all", "manual", "etl01", "1.2.3", ["a"]), CancellationToken.None);

        await act.Should().ThrowAsync<RunRecordsMissingException>().WithMessage("*meta.pipeline_runs*do not exist*");
    }

    private static async Task<(string Status, int Attempts, long RowsRead, long RowsWritten, string? Error, string? Summary, DateTime? FinishedAt)> StepAsync(
        LsatsHub.Testing.TestDatabase database, Guid runId, string stepName)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(string, int, long, long, string?, string?, DateTime?)>(
            "SELECT status, attempts, rows_read, rows_written, error, summary, finished_at FROM meta.step_runs WHERE run_id = @runId AND step_name = @stepName",
            new { runId, stepName });
    }
}

using System.Text.Json.Nodes;
using Dapper;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;
using LsatsHub.Pipelines.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.Pipelines.Tests.Bronze.Common;

public sealed class BronzeIngestionTests
{
    [Fact]
    public async Task A_step_run_records_a_completed_ingestion_run_fills_counters_and_summarises()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("facade");
        await bronze.WriteAsync(Records.People1To(3));
        var context = Context(bronze, dryRun: false);
        var apiCalls = 0;
        var items = Records.People1To(5).Select(p => { apiCalls++; return BronzeRecordOrError.Ok(p); })
            .Append(BronzeRecordOrError.Bad("p0100", "broken"));
        var options = new BronzeWriteOptions
        {
            MaxBadRecordShare = 0.5,
            RunMetadata = new JsonObject { ["ingestion_type"] = "full" },
            CompletionMetadata = () => new JsonObject { ["api_calls"] = apiCalls },
        };

        var result = await BronzeIngestion.RunAsync(context, Records.People, Records.Stream(items), options, CancellationToken.None);

        result.Summary.Should().Be("2 new, 0 changed, 3 unchanged, 0 deleted, 1 bad record skipped");
        context.Counters.RowsRead.Should().Be(6);
        context.Counters.RowsWritten.Should().Be(2);
        await using var connection = await bronze.Database.DataSource.OpenConnectionAsync();
        var run = await connection.QuerySingleAsync<(string Status, int Processed, int Created, string Metadata)>(
            "SELECT status, records_processed, records_created, metadata::text FROM meta.ingestion_runs ORDER BY started_at DESC, records_processed DESC LIMIT 1");
        run.Status.Should().Be("completed");
        run.Processed.Should().Be(6);
        run.Created.Should().Be(2);
        var metadata = JsonNode.Parse(run.Metadata)!.AsObject();
        metadata["api_calls"]!.GetValue<int>().Should().Be(5);
        metadata["ingestion_type"]!.GetValue<string>().Should().Be("full");
        metadata["step"]!.GetValue<string>().Should().Be("bronze.test.people");
        metadata["pipeline_run_id"]!.GetValue<string>().Should().Be(context.RunId.ToString());
        (await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM bronze.raw_entities r JOIN meta.ingestion_runs i ON i.run_id = r.ingestion_run_id WHERE i.status = 'completed' AND i.metadata ? 'step'")).Should().Be(2);
    }

    [Fact]
    public async Task Progress_counts_the_records_while_they_stream_not_only_at_the_end()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("facadeprogress");
        var context = Context(bronze, dryRun: false);
        var seen = new List<long>();
        var items = Records.People1To(4).Select(p =>
        {
            seen.Add(context.Progress.Read().Single().Done);
            return BronzeRecordOrError.Ok(p);
        });

        await BronzeIngestion.RunAsync(context, Records.People, Records.Stream(items), new BronzeWriteOptions(), CancellationToken.None);

        seen.Should().Equal(0, 1, 2, 3);
        context.Progress.Read().Should().Equal(new ProgressReading(BronzeIngestion.ProgressUnit, 4, null));
    }

    [Fact]
    public async Task Nothing_to_write_is_a_success_with_a_completed_run()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("facadeempty");

        var result = await BronzeIngestion.RunAsync(
            Context(bronze, dryRun: false), Records.People.ForEnrichment(), Records.Stream(), new BronzeWriteOptions(), CancellationToken.None);

        result.Summary.Should().Be("0 new, 0 changed, 0 unchanged, 0 deleted, 0 bad records skipped");
        await using var connection = await bronze.Database.DataSource.OpenConnectionAsync();
        (await connection.QuerySingleAsync<string>("SELECT status FROM meta.ingestion_runs")).Should().Be("completed");
    }

    [Fact]
    public async Task A_failing_fetch_marks_the_ingestion_run_failed_and_rethrows()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("facadefail");
        var context = Context(bronze, dryRun: false);

        var act = () => BronzeIngestion.RunAsync(
            context, Records.People, Records.Failing(Records.People1To(3), "TDX returned 500"), new BronzeWriteOptions(), CancellationToken.None);

        await act.Should().ThrowAsync<InvalidOperationException>();
        await using var connection = await bronze.Database.DataSource.OpenConnectionAsync();
        var run = await connection.QuerySingleAsync<(string Status, string Error)>("SELECT status, error_message FROM meta.ingestion_runs");
        run.Status.Should().Be("failed");
        run.Error.Should().Be("test_source/person ingestion failed: TDX returned 500");
        (await bronze.CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task A_cancelled_step_does_not_leave_its_ingestion_run_running()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("facadecancel");
        using var cancellation = new CancellationTokenSource();
        var items = Records.People1To(3).Select(p =>
        {
            cancellation.Cancel();
            return BronzeRecordOrError.Ok(p);
        });

        var act = () => BronzeIngestion.RunAsync(Context(bronze, dryRun: false), Records.People, Records.Stream(items, cancellation.Token), new BronzeWriteOptions(), cancellation.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        await using var connection = await bronze.Database.DataSource.OpenConnectionAsync();
        (await connection.QuerySingleAsync<string>("SELECT status FROM meta.ingestion_runs")).Should().Be("failed");
    }

    [Fact]
    public async Task A_dry_run_step_writes_no_run_row_and_no_versions()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("facadedry");
        await bronze.WriteAsync(Records.People1To(2));
        var before = await bronze.FingerprintAsync();
        var context = Context(bronze, dryRun: true);

        var result = await BronzeIngestion.RunAsync(
            context, Records.People, Records.Stream(Records.People1To(4)), new BronzeWriteOptions { CompleteFullFetch = true }, CancellationToken.None);

        result.Summary.Should().Be("dry run: would insert 2 (2 new, 0 changed, 2 unchanged, 0 deleted, 0 bad records skipped)");
        context.Counters.RowsWritten.Should().Be(0);
        context.Counters.RowsRead.Should().Be(4);
        (await bronze.FingerprintAsync()).Should().Be(before);
    }

    private static StepContext Context(BronzeDatabase bronze, bool dryRun) => new()
    {
        DataSource = bronze.Database.DataSource,
        Logger = bronze.Logger,
        RunId = Guid.NewGuid(),
        StepName = "bronze.test.people",
        Clock = bronze.Clock,
        DryRun = dryRun,
        Configuration = new ConfigurationBuilder().Build(),
    };
}

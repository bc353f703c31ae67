using System.Reflection;
using Dapper;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;
using LsatsHub.Pipelines.Tests.Support;

namespace LsatsHub.Pipelines.Tests.Silver.Common;

[Collection(SilverCollection.Name)]
public sealed class SilverFoundationTests(SilverTestBed bed) : IAsyncLifetime
{
    public Task InitializeAsync() => bed.ResetSilverAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Datasets_Silver_names_exactly_the_silver_tables_the_schema_creates()
    {
        await using var connection = await bed.Database.DataSource.OpenConnectionAsync();
        var tables = (await connection.QueryAsync<string>(
            "SELECT 'silver.' || table_name FROM information_schema.tables WHERE table_schema = 'silver' AND table_type = 'BASE TABLE'")).ToList();

        var declared = typeof(Datasets.Silver).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.FieldType == typeof(DatasetId))
            .Select(field => ((DatasetId)field.GetValue(null)!).Name)
            .ToList();

        // Reference rows people maintain, read by views, produced by no step: not a dataset.
        string[] reference = ["silver.lab_excluded_departments"];
        tables.Should().Contain(reference);
        declared.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(tables.Except(reference));
        declared.Should().HaveCount(30, "the plan's 28 tables and the two that break the lab cycles (lab_statistics, computer_primary_labs)");
    }

    [Fact]
    public void Every_silver_step_has_its_sql_file_embedded_beside_it()
    {
        var silverSteps = bed.Steps.Where(step => step.Descriptor.Layer == Layers.Silver).ToList();

        silverSteps.Should().NotBeEmpty();
        silverSteps.Should().OnlyContain(step => step.GetType().Assembly.GetManifestResourceNames().Contains(step.GetType().FullName + ".sql"));
    }

    [Fact]
    public async Task The_latest_version_view_reads_one_slice_through_the_lookup_index()
    {
        await using var connection = await bed.Database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // Without a usable index condition the planner could only scan the table; forbidding that proves the
        // (entity_type, source_system) filter reaches the index below DISTINCT ON.
        await connection.ExecuteAsync("SET LOCAL enable_seqscan = off", transaction: transaction);

        var plan = string.Join("\n", await connection.QueryAsync<string>(
            "EXPLAIN SELECT * FROM bronze.latest_raw_entities WHERE source_system = 'lab_awards' AND entity_type = 'lab_award'",
            transaction: transaction));

        plan.Should().Contain("Index Cond: (((entity_type)::text = 'lab_award'::text) AND ((source_system)::text = 'lab_awards'::text))");
        plan.Should().NotContain("Seq Scan");
    }

    [Fact]
    public async Task The_latest_version_view_gives_one_row_per_entity_the_newest_and_flags_tombstones()
    {
        await using var clone = await bed.CloneAsync("latestview");
        await using var connection = await clone.DataSource.OpenConnectionAsync();
        var entity = await connection.QueryFirstAsync<string>(
            "SELECT external_id FROM bronze.raw_entities WHERE source_system = 'lab_awards' ORDER BY external_id LIMIT 1");
        await connection.ExecuteAsync(
            """
            INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
            VALUES ('lab_award', 'lab_awards', @entity, '{"_deleted": true, "_content_hash": "deleted"}', now() + interval '1 minute');
            """,
            new { entity });

        var slice = (await connection.QueryAsync<(string ExternalId, bool IsDeleted)>(
            "SELECT external_id, is_deleted FROM bronze.latest_raw_entities WHERE source_system = 'lab_awards' AND entity_type = 'lab_award'")).ToList();
        var entities = await connection.ExecuteScalarAsync<long>(
            "SELECT count(DISTINCT external_id) FROM bronze.raw_entities WHERE source_system = 'lab_awards' AND entity_type = 'lab_award'");

        slice.Should().HaveCount((int)entities).And.OnlyHaveUniqueItems(row => row.ExternalId);
        slice.Where(row => row.IsDeleted).Select(row => row.ExternalId).Should().Equal(entity);
    }

    [Fact]
    public async Task A_failing_statement_names_the_step_the_file_and_the_line_rolls_back_and_fails_the_run_row()
    {
        var step = new BrokenSilverStep("position");

        var act = () => bed.RunAsync(step);

        var failure = (await act.Should().ThrowAsync<SilverTransformException>()).Which;
        failure.Message.Should().StartWith($"silver.broken_position: Silver/Common/BrokenSilverStep.sql line {BrokenSilverStep.FailingLine}: ")
            .And.Contain("no_such_column");
        failure.Line.Should().Be(BrokenSilverStep.FailingLine);
        (await CountAsync("SELECT count(*) FROM silver.lab_awards")).Should().Be(0, "the row written before the failure is rolled back");
        await using var connection = await bed.Database.DataSource.OpenConnectionAsync();
        var run = await connection.QuerySingleAsync<(string Status, string Error)>(
            "SELECT status, error_message FROM meta.ingestion_runs WHERE source_system = 'silver_transformation' AND entity_type = 'broken'");
        run.Status.Should().Be("failed");
        run.Error.Should().Be(failure.Message);
    }

    [Fact]
    public async Task A_run_time_error_without_a_position_names_the_line_where_its_statement_starts()
    {
        var act = () => bed.RunAsync(new BrokenSilverStep("runtime"));

        var failure = (await act.Should().ThrowAsync<SilverTransformException>()).Which;
        failure.Message.Should().StartWith($"silver.broken_runtime: Silver/Common/RuntimeFailure.sql line {RuntimeFailure.StatementLine}: ")
            .And.Contain("division by zero");
    }

    [Fact]
    public async Task A_statement_longer_than_the_statement_timeout_fails_the_step_and_says_so()
    {
        var step = new BrokenSilverStep("runtime");
        var context = bed.Context(step, bed.Database, configuration: new Dictionary<string, string?>
        {
            [SilverTransform.StatementTimeoutVariable] = "1",
        });

        var act = () => SilverTransform.RunAsync(context, SlowSql.Sql, CancellationToken.None);

        (await act.Should().ThrowAsync<SilverTransformException>()).Which.Message
            .Should().Contain("statement timeout (1 s, LSATS_SILVER_STATEMENT_TIMEOUT)").And.Contain("SlowSql.sql line 2");
    }

    [Fact]
    public async Task Cancelling_stops_the_sql_rolls_back_and_records_the_run_as_failed()
    {
        var step = new BrokenSilverStep("runtime");
        using var cancellation = new CancellationTokenSource();
        var running = SilverTransform.RunAsync(bed.Context(step, bed.Database), SlowSql.Sql, cancellation.Token);
        await WaitUntilRunningAsync();

        await cancellation.CancelAsync();

        await running.Invoking(task => task).Should().ThrowAsync<OperationCanceledException>();
        await using var connection = await bed.Database.DataSource.OpenConnectionAsync();
        (await connection.QuerySingleAsync<string>(
            "SELECT status FROM meta.ingestion_runs WHERE source_system = 'silver_transformation' AND entity_type = 'slow'")).Should().Be("failed");
    }

    private async Task WaitUntilRunningAsync()
    {
        await using var connection = await bed.Database.DataSource.OpenConnectionAsync();
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()") > 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the slow statement never started");
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await bed.Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}

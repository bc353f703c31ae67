using System.Text.Json.Nodes;
using Dapper;
using LsatsHub.Pipelines.Bronze.Common;
using LsatsHub.Pipelines.Tests.Support;

namespace LsatsHub.Pipelines.Tests.Bronze.Common;

public sealed class IngestionRunLogTests
{
    [Fact]
    public async Task A_run_goes_from_running_to_completed_with_its_counts()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("runlog");
        var runId = await bronze.RunLog.StartAsync("tdx", "user", new JsonObject { ["ingestion_type"] = "full" }, CancellationToken.None);
        var running = await ReadRunAsync(bronze, runId);
        running.Status.Should().Be("running");
        running.StartedAt.Should().Be(bronze.Clock.GetUtcNow().UtcDateTime);
        bronze.Clock.Advance(TimeSpan.FromMinutes(3));
        var result = new BronzeWriteResult
        {
            Received = 110, Staged = 100, Created = 7, Updated = 3, Deleted = 2, BadRecords = 4, Duplicates = 6,
            BadRecordSamples = [new BronzeRecordError("u1", "no name")],
        };

        await bronze.RunLog.CompleteAsync(runId, result, new JsonObject { ["api_calls"] = 12, ["rate_limited_responses"] = 1 }, CancellationToken.None);

        var completed = await ReadRunAsync(bronze, runId);
        completed.Should().BeEquivalentTo(new { Status = "completed", RecordsProcessed = 110, RecordsCreated = 7, RecordsUpdated = 3, ErrorMessage = (string?)null });
        completed.CompletedAt.Should().Be(bronze.Clock.GetUtcNow().UtcDateTime);
        var metadata = JsonNode.Parse(completed.Metadata)!.AsObject();
        metadata["ingestion_type"]!.GetValue<string>().Should().Be("full");
        metadata["unchanged"]!.GetValue<long>().Should().Be(90);
        metadata["deleted"]!.GetValue<long>().Should().Be(2);
        metadata["errors"]!.GetValue<long>().Should().Be(4);
        metadata["duplicates"]!.GetValue<long>().Should().Be(6);
        metadata["dry_run"]!.GetValue<bool>().Should().BeFalse();
        metadata["api_calls"]!.GetValue<int>().Should().Be(12);
        metadata["rate_limited_responses"]!.GetValue<int>().Should().Be(1);
        metadata["error_samples"]![0]!["reason"]!.GetValue<string>().Should().Be("no name");
    }

    [Fact]
    public async Task A_failed_run_keeps_its_error_message()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("runfail");
        var runId = await bronze.RunLog.StartAsync("tdx", "user", null, CancellationToken.None);

        await bronze.RunLog.FailAsync(runId, "tdx/user ingestion failed: boom", CancellationToken.None);

        var failed = await ReadRunAsync(bronze, runId);
        failed.Status.Should().Be("failed");
        failed.ErrorMessage.Should().Be("tdx/user ingestion failed: boom");
        failed.CompletedAt.Should().NotBeNull();
    }

    [Fact]
    public async Task Starting_a_run_marks_a_leftover_running_run_of_the_same_slice_failed_as_stale()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("stale");
        var dead = await bronze.RunLog.StartAsync("tdx", "user", null, CancellationToken.None);
        var otherSlice = await bronze.RunLog.StartAsync("tdx", "asset", null, CancellationToken.None);

        var fresh = await bronze.RunLog.StartAsync("tdx", "user", null, CancellationToken.None);

        (await ReadRunAsync(bronze, dead)).Should().BeEquivalentTo(new { Status = "failed", ErrorMessage = IngestionRunLog.StaleMessage });
        (await ReadRunAsync(bronze, otherSlice)).Status.Should().Be("running");
        (await ReadRunAsync(bronze, fresh)).Status.Should().Be("running");
    }

    [Fact]
    public async Task Completing_an_unknown_run_says_so()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("unknownrun");
        var unknown = Guid.NewGuid();

        var act = () => bronze.RunLog.FailAsync(unknown, "x", CancellationToken.None);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage($"*{unknown}*");
    }

    internal static async Task<RunRow> ReadRunAsync(BronzeDatabase bronze, Guid runId)
    {
        await using var connection = await bronze.Database.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<RunRow>(
            """
            SELECT status, started_at AS StartedAt, completed_at AS CompletedAt, records_processed AS RecordsProcessed,
                   records_created AS RecordsCreated, records_updated AS RecordsUpdated, error_message AS ErrorMessage,
                   metadata::text AS Metadata
            FROM meta.ingestion_runs WHERE run_id = @runId
            """,
            new { runId });
    }
}

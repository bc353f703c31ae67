using LsatsHub.Engine.Execution;
using LsatsHub.Engine.Records;
using LsatsHub.Testing;

namespace LsatsHub.Engine.Tests.Records;

public sealed class HistoryTextRendererTests
{
    private static readonly DateTimeOffset Start = RunRecordsDatabase.Midnight;

    [Fact]
    public void Runs_render_as_a_summary_table_then_one_step_table_per_run()
    {
        var runs = new[]
        {
            new PipelineRunRecord(
                Guid.Parse("1a2b3c4d-1111-4000-8000-000000000001"), Start, null, RunStatus.Running, "--target silver.labs", "manual", "etl01", "1.2.3", null,
                [
                    new StepRunRecord("bronze.tdx.users", StepStatus.Succeeded, Start.AddSeconds(1), Start.AddSeconds(43.5), 1, 120_431, 1_204, null, "1204 new versions"),
                    new StepRunRecord("silver.labs", StepStatus.Running, Start.AddSeconds(44), null, 2, 0, 0, null, null),
                ]),
            new PipelineRunRecord(
                Guid.Parse("9f8e7d6c-2222-4000-8000-000000000002"), Start.AddDays(-1), Start.AddDays(-1).AddHours(1).AddMinutes(2).AddSeconds(3), RunStatus.Failed, "all", "timer", "etl01", "1.2.2",
                PostgresRunRecorder.AbandonedError,
                [
                    new StepRunRecord("bronze.ad.users", StepStatus.Failed, Start.AddDays(-1), Start.AddDays(-1).AddMinutes(5), 3, 10, 0, "LDAP server unavailable\n   at Connector.BindAsync()", null),
                    new StepRunRecord("silver.users", StepStatus.Skipped, null, Start.AddDays(-1).AddMinutes(5), 0, 0, 0, "skipped: bronze.ad.users failed", null),
                ]),
            new PipelineRunRecord(Guid.Parse("00000000-3333-4000-8000-000000000003"), Start.AddDays(-2), Start.AddDays(-2).AddSeconds(2), RunStatus.Succeeded, "tag:none", "timer", "etl01", "1.2.2", null, []),
        };

        var text = HistoryTextRenderer.Render(runs);

        GoldenFile.AssertMatches(text, "LsatsHub.Engine.Tests", "Records/history.txt");
    }

    [Fact]
    public void No_runs_say_so()
    {
        HistoryTextRenderer.Render([]).Should().Be("No runs recorded yet.\n");
    }
}

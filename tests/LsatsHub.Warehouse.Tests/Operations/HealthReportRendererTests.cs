using LsatsHub.Testing;
using LsatsHub.Warehouse.Operations;

namespace LsatsHub.Warehouse.Tests.Operations;

public sealed class HealthReportRendererTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_report_renders_as_an_aligned_table_with_a_verdict()
    {
        var report = new HealthReport(Now,
        [
            new HealthCheck("ingestion", "active_directory/computer", HealthStatus.Ok, Now.AddDays(-5), TimeSpan.FromDays(5), TimeSpan.FromDays(8), "ok"),
            new HealthCheck("ingestion", "tdx/user", HealthStatus.Stale, Now.AddHours(-40), TimeSpan.FromHours(40), TimeSpan.FromHours(36), "last completed 40h ago, over 36h"),
            new HealthCheck("ingestion", "umich_api/department", HealthStatus.Failed, null, null, TimeSpan.FromHours(36), "latest ingestion failed: HTTP 503"),
            new HealthCheck("pipeline", "last run", HealthStatus.Ok, Now.AddHours(-10), TimeSpan.FromHours(10), null, "succeeded (all steps)"),
            new HealthCheck("backup", "daily dump", HealthStatus.Ok, Now.AddHours(-11), TimeSpan.FromHours(11), TimeSpan.FromHours(26), "lsats_db_20261125_010000.dump"),
        ]);

        var text = HealthReportRenderer.Render(report);

        GoldenFile.AssertMatches(text, "LsatsHub.Warehouse.Tests", "health-report.txt");
    }
}

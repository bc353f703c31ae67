using Dapper;
using LsatsHub.Testing;
using LsatsHub.Warehouse.Operations;
using Microsoft.Extensions.Time.Testing;

namespace LsatsHub.Warehouse.Tests.Operations;

/// <summary>Fresh, stale and failed warehouses, judged with an injected clock.</summary>
public sealed class HealthCheckerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly OperationsFolder _backups = new();
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresServer.CreateDatabaseAsync("health");
        await _database.ApplySqlFileAsync("sql/production_init.sql");
        await _database.ApplyRunRecordsAsync();
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _backups.Dispose();
    }

    [Fact]
    public async Task A_fresh_warehouse_is_healthy()
    {
        await IngestedAsync("tdx", "user", hoursAgo: 5);
        await IngestedAsync("mcommunity", "group", hoursAgo: 30);
        await PipelineRunAsync("succeeded", hoursAgo: 10);
        _backups.Touch("lsats_db_20261125_010000.dump");

        var report = await CheckAsync();

        report.Healthy.Should().BeTrue(HealthReportRenderer.Render(report));
        report.Checks.Select(check => check.Subject).Should().Equal("mcommunity/group", "tdx/user", "last run", "daily dump");
        HealthReportRenderer.Render(report).Should().EndWith("healthy: 4 check(s) ok");
    }

    [Fact]
    public async Task An_ingestion_past_its_source_threshold_is_stale_and_a_weekly_source_may_be_older()
    {
        await IngestedAsync("tdx", "user", hoursAgo: 40);
        await IngestedAsync("active_directory", "computer", hoursAgo: 24 * 6);
        await PipelineRunAsync("succeeded", hoursAgo: 1);
        _backups.Touch("lsats_db_20261125_010000.dump");
        var options = Options() with { MaxAgeBySource = new Dictionary<string, TimeSpan> { ["ACTIVE_DIRECTORY"] = TimeSpan.FromDays(8) } };

        var report = await CheckAsync(options);

        report.Healthy.Should().BeFalse();
        report.Problems.Should().ContainSingle().Which.Should().Match<HealthCheck>(check =>
            check.Subject == "tdx/user" && check.Status == HealthStatus.Stale && check.Age == TimeSpan.FromHours(40));
        report.Checks.Single(check => check.Subject == "active_directory/computer").Threshold.Should().Be(TimeSpan.FromDays(8));
    }

    [Fact]
    public async Task A_failed_latest_ingestion_and_a_failed_last_pipeline_run_are_failures()
    {
        await IngestedAsync("tdx", "user", hoursAgo: 2);
        await WarehouseHarnessSql($"""
            INSERT INTO meta.ingestion_runs (source_system, entity_type, started_at, status, error_message)
            VALUES ('tdx', 'user', '{Now.AddHours(-1):O}', 'failed', 'HTTP 429 from TDX');
            """);
        await PipelineRunAsync("succeeded", hoursAgo: 30);
        await PipelineRunAsync("failed", hoursAgo: 6);
        await PipelineRunAsync("running", hoursAgo: 0.1);
        _backups.Touch("lsats_db_20261125_010000.dump");

        var report = await CheckAsync();

        report.Problems.Select(check => (check.Subject, check.Status)).Should().Equal(("tdx/user", HealthStatus.Failed), ("last run", HealthStatus.Failed));
        report.Problems.First().Detail.Should().Contain("HTTP 429 from TDX");
    }

    [Fact]
    public async Task A_backup_older_than_its_period_or_missing_is_stale()
    {
        await IngestedAsync("tdx", "user", hoursAgo: 1);
        await PipelineRunAsync("succeeded", hoursAgo: 1);
        var withoutBackup = await CheckAsync();
        _backups.Touch("lsats_db_20261124_000000.dump");

        var withOldBackup = await CheckAsync();

        withoutBackup.Problems.Should().ContainSingle().Which.Detail.Should().Contain("no lsats_db_*.dump");
        withOldBackup.Problems.Should().ContainSingle().Which.Should().Match<HealthCheck>(check =>
            check.Area == "backup" && check.Status == HealthStatus.Stale && check.Age == TimeSpan.FromHours(36));
    }

    [Fact]
    public async Task An_empty_warehouse_is_not_healthy()
    {
        var report = await CheckAsync();

        report.Healthy.Should().BeFalse();
        report.Problems.Select(check => check.Area).Should().Equal("ingestion", "pipeline", "backup");
    }

    [Fact]
    public void Source_keys_are_upper_case_with_underscores()
    {
        HealthOptions.SourceKey("umich-api").Should().Be("UMICH_API");
        (new HealthOptions() with { MaxAgeBySource = new Dictionary<string, TimeSpan> { ["TDX"] = TimeSpan.FromDays(8) } }).MaxAgeFor("tdx").Should().Be(TimeSpan.FromDays(8));
    }

    private HealthOptions Options() => new() { BackupDirectory = _backups.Path };

    private Task<HealthReport> CheckAsync(HealthOptions? options = null) =>
        new HealthChecker(_database.DataSource, _clock).CheckAsync(options ?? Options(), CancellationToken.None);

    private Task IngestedAsync(string source, string entity, double hoursAgo) => WarehouseHarnessSql($"""
        INSERT INTO meta.ingestion_runs (source_system, entity_type, started_at, completed_at, status)
        VALUES ('{source}', '{entity}', '{Now.AddHours(-hoursAgo - 0.5):O}', '{Now.AddHours(-hoursAgo):O}', 'completed');
        """);

    private Task PipelineRunAsync(string status, double hoursAgo) => WarehouseHarnessSql($"""
        INSERT INTO meta.pipeline_runs (run_id, started_at, finished_at, status, selection, trigger, host, version)
        VALUES ('{Guid.NewGuid()}', '{Now.AddHours(-hoursAgo):O}', {(status == "running" ? "NULL" : $"'{Now.AddHours(-hoursAgo + 0.05):O}'")}, '{status}', 'all steps', 'timer', 'test', '0.1.0');
        """);

    private async Task WarehouseHarnessSql(string sql)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(sql);
    }
}

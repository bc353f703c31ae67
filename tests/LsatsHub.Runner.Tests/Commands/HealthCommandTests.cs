namespace LsatsHub.Runner.Tests.Commands;

/// <summary>health's exit codes for fresh, stale and failed warehouses, with an injected clock.</summary>
public sealed class HealthCommandTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private ClockedRunner _runner = null!;

    public async Task InitializeAsync()
    {
        _runner = await ClockedRunner.CreateAsync("healthcmd", Now, schema: false);
        Directory.CreateDirectory(_runner.BackupDirectory);
        await File.WriteAllTextAsync(Path.Combine(_runner.BackupDirectory, "lsats_db_20261125_010000.dump"), "x");
        await _runner.ExecuteAsync($"""
            INSERT INTO meta.pipeline_runs (run_id, started_at, finished_at, status, selection, trigger, host, version)
            VALUES ('{Guid.NewGuid()}', '{Now.AddHours(-10):O}', '{Now.AddHours(-9):O}', 'succeeded', 'all steps', 'timer', 'test', '0.1.0');
            """);
    }

    public async Task DisposeAsync() => await _runner.DisposeAsync();

    [Fact]
    public async Task A_fresh_warehouse_exits_0_with_a_table()
    {
        await IngestedAsync("tdx", "user", hoursAgo: 3);

        var health = await _runner.InvokeAsync("health");

        health.ExitCode.Should().Be(0, health.Output + health.Error);
        health.Output.Should().Contain("tdx/user").And.Contain("OK").And.Contain("healthy: 3 check(s) ok");
    }

    [Fact]
    public async Task A_stale_source_exits_1_unless_its_own_threshold_allows_it()
    {
        await IngestedAsync("active_directory", "computer", hoursAgo: 24 * 5);

        var stale = await _runner.InvokeAsync("health");
        _runner.Variables["LSATS_HEALTH_MAX_AGE_ACTIVE_DIRECTORY"] = "8d";
        var weekly = await _runner.InvokeAsync("health");

        stale.ExitCode.Should().Be(1);
        stale.Output.Should().Contain("STALE").And.Contain("UNHEALTHY: 1 of 3");
        weekly.ExitCode.Should().Be(0, weekly.Output);
    }

    [Fact]
    public async Task A_failed_ingestion_exits_1()
    {
        await IngestedAsync("tdx", "user", hoursAgo: 3);
        await _runner.ExecuteAsync($"""
            INSERT INTO meta.ingestion_runs (source_system, entity_type, started_at, status, error_message)
            VALUES ('tdx', 'user', '{Now.AddHours(-1):O}', 'failed', 'TDX said 500');
            """);

        var health = await _runner.InvokeAsync("health");

        health.ExitCode.Should().Be(1);
        health.Output.Should().Contain("FAILED").And.Contain("TDX said 500");
    }

    [Fact]
    public async Task A_backup_older_than_its_period_exits_1_and_the_check_can_be_turned_off()
    {
        await IngestedAsync("tdx", "user", hoursAgo: 3);
        _runner.Clock.Advance(TimeSpan.FromHours(30));
        await IngestedAsync("tdx", "user", hoursAgo: -29);

        var withBackup = await _runner.InvokeAsync("health");
        var without = await _runner.InvokeAsync("health", "--no-backup-check");

        withBackup.ExitCode.Should().Be(1);
        withBackup.Output.Should().Contain("backup").And.Contain("over 26h");
        without.ExitCode.Should().Be(0, without.Output);
    }

    [Fact]
    public async Task A_malformed_threshold_is_a_configuration_error()
    {
        _runner.Variables["LSATS_HEALTH_MAX_AGE"] = "36 hours";

        var health = await _runner.InvokeAsync("health");

        health.ExitCode.Should().Be(2);
        health.Error.Should().Contain("LSATS_HEALTH_MAX_AGE").And.Contain("36 hours");
    }

    private Task IngestedAsync(string source, string entity, double hoursAgo) => _runner.ExecuteAsync($"""
        INSERT INTO meta.ingestion_runs (source_system, entity_type, started_at, completed_at, status)
        VALUES ('{source}', '{entity}', '{Now.AddHours(-hoursAgo - 0.5):O}', '{Now.AddHours(-hoursAgo):O}', 'completed');
        """);
}

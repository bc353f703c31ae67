using Dapper;
using LsatsHub.Testing;
using LsatsHub.Warehouse.Operations;
using Microsoft.Extensions.Time.Testing;

namespace LsatsHub.TicketQueue.Tests.Health;

/// <summary>lsats-run health sees a daemon that stopped polling, its failed actions and its unfinished claims.</summary>
public sealed class DaemonHealthTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresServer.CreateDatabaseAsync("queuehealth");
        await _database.ApplySqlFileAsync("sql/production_init.sql");
        await _database.ApplyRunRecordsAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_host_whose_daemon_never_polled_is_not_reported_unless_a_threshold_is_configured()
    {
        var unused = await CheckAsync(new HealthOptions());
        var required = await CheckAsync(new HealthOptions { DaemonRequired = true });

        unused.Checks.Should().NotContain(check => check.Area == "daemon");
        required.Checks.Should().ContainSingle(check => check.Area == "daemon").Which.Status.Should().Be(HealthStatus.Stale);
    }

    [Fact]
    public async Task A_daemon_whose_last_poll_is_older_than_the_threshold_is_stale_and_a_recent_one_is_ok()
    {
        await PollAsync(minutesAgo: 45);
        var stale = await CheckAsync(new HealthOptions());
        await PollAsync(minutesAgo: 4);
        var fresh = await CheckAsync(new HealthOptions());

        stale.Checks.Single(check => check.Subject == "ticket queue").Should().Match<HealthCheck>(c => c.Status == HealthStatus.Stale && c.Detail.Contains("last poll 45m ago"));
        fresh.Checks.Single(check => check.Subject == "ticket queue").Status.Should().Be(HealthStatus.Ok);
    }

    [Fact]
    public async Task Failed_actions_and_unfinished_claims_are_reported_per_action_type()
    {
        await PollAsync(minutesAgo: 1);
        await using (var connection = await _database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO meta.daemon_action_log (ticket_id, action_type, action_id, status, attempts, error_message, executed_at)
                VALUES (1, 'comment', 'comment:aaa:v1', 'failed', 5, 'TDX answered 500', @now),
                       (2, 'comment', 'comment:aaa:v1', 'failed', 2, 'TDX answered 500', @now),
                       (3, 'add_lab', 'add_lab:bbb:v2', 'claimed', 1, NULL, @now),
                       (4, 'add_lab', 'add_lab:bbb:v2', 'completed', 1, NULL, @now);
                """,
                new { now = Now.AddMinutes(-2) });
        }

        var report = await CheckAsync(new HealthOptions());

        report.Healthy.Should().BeFalse();
        report.Checks.Single(check => check.Subject == "action comment").Should().Match<HealthCheck>(c => c.Status == HealthStatus.Failed && c.Detail.StartsWith("2 ticket(s) failed (up to 5 attempt(s)", StringComparison.Ordinal));
        report.Checks.Single(check => check.Subject == "action add_lab").Should().Match<HealthCheck>(c => c.Status == HealthStatus.Stale && c.Detail.StartsWith("1 ticket(s) claimed and never completed", StringComparison.Ordinal));
        (await CheckAsync(new HealthOptions { CheckDaemon = false })).Checks.Should().NotContain(check => check.Area == "daemon");
    }

    private Task<HealthReport> CheckAsync(HealthOptions options) => new HealthChecker(_database.DataSource, _clock).CheckAsync(options, CancellationToken.None);

    private async Task PollAsync(int minutesAgo)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO meta.daemon_polls (report_id, started_at, finished_at, tickets_seen, actions_run, actions_skipped, actions_failed)
            VALUES (1344, @at, @at, 3, 3, 0, 0)
            """,
            new { at = Now.AddMinutes(-minutesAgo) });
    }
}

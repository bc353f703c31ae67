using LsatsHub.Warehouse.Operations;
using Microsoft.Extensions.Time.Testing;

namespace LsatsHub.Warehouse.Tests.Operations;

public sealed class RunLogPrunerTests
{
    [Fact]
    public void Run_logs_older_than_30_days_are_deleted_and_everything_else_is_left_alone()
    {
        using var folder = new OperationsFolder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        foreach (var name in new[]
        {
            "lsats-run_20261125_010000_run_4242.log",
            "lsats-run_20261026_130000_backup_17.log",
            "lsats-run_20261026_110000_db-init_17.log",
            "lsats-run_20260901_020000_run_99.log-20260902.gz",
            "lsats-run_20260901_020000_notes.txt",
            "lsats_database.log",
            "queue_daemon.log",
        })
        {
            folder.Touch(name);
        }

        var deleted = RunLogPruner.Prune(folder.Path, clock.GetUtcNow(), RunLogPruner.DefaultRetention);

        deleted.Should().BeEquivalentTo("lsats-run_20261026_110000_db-init_17.log", "lsats-run_20260901_020000_run_99.log-20260902.gz");
        folder.Names().Should().Equal(
            "lsats-run_20260901_020000_notes.txt",
            "lsats-run_20261026_130000_backup_17.log",
            "lsats-run_20261125_010000_run_4242.log",
            "lsats_database.log",
            "queue_daemon.log");
    }

    [Fact]
    public void A_missing_log_folder_has_nothing_to_prune()
    {
        RunLogPruner.Prune("/nonexistent/lsats-logs", DateTimeOffset.UnixEpoch, TimeSpan.FromDays(30)).Should().BeEmpty();
    }
}

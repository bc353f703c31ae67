using LsatsHub.Warehouse.Operations;

namespace LsatsHub.Warehouse.Tests.Operations;

public sealed class BackupRetentionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_newest_backup_is_kept_even_when_every_backup_is_past_the_retention()
    {
        var backups = new[] { Backup(daysAgo: 30), Backup(daysAgo: 20), Backup(daysAgo: 10) };

        var expired = BackupRetention.Expired(backups, Now, TimeSpan.FromDays(7));

        expired.Select(backup => backup.TakenAt).Should().Equal(Now.AddDays(-30), Now.AddDays(-20));
    }

    [Fact]
    public void Backups_within_the_retention_are_kept()
    {
        var backups = new[] { Backup(daysAgo: 0), Backup(daysAgo: 6.9), Backup(daysAgo: 7.1) };

        var expired = BackupRetention.Expired(backups, Now, TimeSpan.FromDays(7));

        expired.Should().ContainSingle().Which.TakenAt.Should().Be(Now.AddDays(-7.1));
    }

    [Fact]
    public void The_folder_lists_only_complete_daily_backups_newest_first()
    {
        using var folder = new OperationsFolder();
        foreach (var name in new[] { "lsats_db_20261124_010000.dump", "lsats_db_20261125_010000.dump.partial", "pre_silver_20261125_020000.dump", "lsats_db_20261123_010000.dump", "lsats_db_x.dump" })
        {
            folder.Touch(name);
        }

        BackupFolder.List(folder.Path).Select(backup => backup.Name).Should().Equal("lsats_db_20261124_010000.dump", "lsats_db_20261123_010000.dump");
    }

    private static BackupFile Backup(double daysAgo)
    {
        var takenAt = Now.AddDays(-daysAgo);
        return new BackupFile($"lsats_db_{takenAt:yyyyMMdd_HHmmss}.dump", "/nowhere", 1, takenAt);
    }
}

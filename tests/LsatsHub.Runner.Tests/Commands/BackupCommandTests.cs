using Dapper;
using Npgsql;

namespace LsatsHub.Runner.Tests.Commands;

/// <summary>backup, restore and snapshot list through lsats-run, against a real warehouse.</summary>
public sealed class BackupCommandTests : IAsyncLifetime
{
    private ClockedRunner _runner = null!;

    public async Task InitializeAsync()
    {
        _runner = await ClockedRunner.CreateAsync("backupcmd", new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero), schema: true);
        await _runner.ExecuteAsync("""
            INSERT INTO silver.group_owners (group_id, owner_type, owner_uniqname, source_system)
            SELECT 'g' || n, 'user', 'owner' || n, 'mcommunity' FROM generate_series(1, 12) AS n;
            """);
    }

    public async Task DisposeAsync() => await _runner.DisposeAsync();

    [Fact]
    public async Task Backup_then_restore_latest_with_yes_brings_back_deleted_rows()
    {
        var backup = await _runner.InvokeAsync("backup");
        await _runner.ExecuteAsync("DELETE FROM silver.group_owners WHERE group_id <> 'g1'");

        var restore = await _runner.InvokeAsync("restore", "latest", "--yes");

        backup.ExitCode.Should().Be(0, backup.Error);
        backup.Output.Should().Contain("lsats_db_20261125_010000.dump").And.Contain("verified with pg_restore --list").And.Contain("1 backup(s) kept");
        restore.ExitCode.Should().Be(0, restore.Error);
        restore.Output.Should().Contain("lsats_db_20261125_010000.dump").And.Contain($"restored into").And.Contain(_runner.Database.Name);
        (await _runner.CountAsync("silver.group_owners")).Should().Be(12);
    }

    [Fact]
    public async Task Restore_without_yes_checks_the_dump_changes_nothing_and_exits_2()
    {
        await _runner.InvokeAsync("backup");
        await _runner.ExecuteAsync("DELETE FROM silver.group_owners");

        var restore = await _runner.InvokeAsync("restore", "latest");

        restore.ExitCode.Should().Be(2);
        restore.Output.Should().Contain("lsats_db_20261125_010000.dump").And.Contain("tables with data");
        restore.Error.Should().Contain("without --yes");
        (await _runner.CountAsync("silver.group_owners")).Should().Be(0);
    }

    [Fact]
    public async Task Restoring_the_warehouse_while_a_pipeline_run_holds_the_lock_exits_3_and_changes_nothing()
    {
        await _runner.InvokeAsync("backup");
        await _runner.ExecuteAsync("DELETE FROM silver.group_owners");
        await using var running = await LsatsHub.Engine.Postgres.RunLock.AcquireAsync(_runner.Database.DataSource, LsatsHub.Engine.Postgres.RunLock.DefaultName, "a pipeline run", CancellationToken.None);

        var restore = await _runner.InvokeAsync("restore", "latest", "--yes");

        restore.ExitCode.Should().Be(3, restore.Error);
        restore.Error.Should().Contain("a pipeline run");
        (await _runner.CountAsync("silver.group_owners")).Should().Be(0);
    }

    [Fact]
    public async Task A_restore_drill_goes_into_the_named_database()
    {
        var drill = _runner.Database.Name + "_drill";
        await _runner.InvokeAsync("backup");
        try
        {
            var restore = await _runner.InvokeAsync("restore", "latest", "--yes", "--into", drill);

            restore.ExitCode.Should().Be(0, restore.Error);
            restore.Output.Should().Contain("/" + drill).And.Contain("created for this restore");
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_runner.Database.ConnectionString) { Database = drill }.ConnectionString);
            (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM silver.group_owners")).Should().Be(12);
        }
        finally
        {
            await _runner.ExecuteAsync($"DROP DATABASE IF EXISTS \"{drill}\" WITH (FORCE)");
        }
    }

    [Fact]
    public async Task A_failing_copy_command_makes_backup_exit_1_naming_the_command()
    {
        _runner.Variables["LSATS_BACKUP_COPY_COMMAND"] = "exit 5";

        var backup = await _runner.InvokeAsync("backup");

        backup.ExitCode.Should().Be(1);
        backup.Error.Should().Contain("LSATS_BACKUP_COPY_COMMAND").And.Contain("exited with code 5");
        Directory.GetFiles(_runner.BackupDirectory).Select(Path.GetFileName).Should().Equal("lsats_db_20261125_010000.dump");
    }

    [Fact]
    public async Task Restore_latest_snapshot_with_yes_rolls_silver_back_and_keeps_bronze_written_since()
    {
        await TakeSnapshotAsync();
        await _runner.ExecuteAsync("""
            DELETE FROM silver.group_owners WHERE group_id <> 'g1';
            INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data)
            SELECT 'group', 'mcommunity_ldap', 'g' || n, '{}' FROM generate_series(1, 7) AS n;
            """);

        var restore = await _runner.InvokeAsync("restore", "latest-snapshot", "--yes");

        restore.ExitCode.Should().Be(0, restore.Error);
        restore.Output.Should().Contain("pre_silver_20261125_010000.dump").And.Contain("0 bronze").And.Contain("leaves bronze").And.Contain("restored into");
        (await _runner.CountAsync("silver.group_owners")).Should().Be(12);
        (await _runner.CountAsync("bronze.raw_entities")).Should().Be(7);
    }

    [Fact]
    public async Task Restoring_a_snapshot_while_a_pipeline_run_holds_the_lock_exits_3_and_changes_nothing()
    {
        await TakeSnapshotAsync();
        await _runner.ExecuteAsync("DELETE FROM silver.group_owners");
        await using var running = await LsatsHub.Engine.Postgres.RunLock.AcquireAsync(_runner.Database.DataSource, LsatsHub.Engine.Postgres.RunLock.DefaultName, "a pipeline run", CancellationToken.None);

        var restore = await _runner.InvokeAsync("restore", "latest-snapshot", "--yes");

        restore.ExitCode.Should().Be(3, restore.Error);
        (await _runner.CountAsync("silver.group_owners")).Should().Be(0);
    }

    [Fact]
    public async Task Restore_latest_snapshot_with_no_snapshots_says_where_it_looked()
    {
        var restore = await _runner.InvokeAsync("restore", "latest-snapshot", "--yes");

        restore.ExitCode.Should().Be(1);
        restore.Error.Should().Contain("no pre-silver snapshot").And.Contain(_runner.BackupDirectory);
    }

    [Fact]
    public async Task Snapshot_list_shows_the_snapshots_newest_first_with_size_and_time()
    {
        Directory.CreateDirectory(_runner.BackupDirectory);
        await File.WriteAllBytesAsync(Path.Combine(_runner.BackupDirectory, "pre_silver_20261123_020001.dump"), new byte[2048]);
        await File.WriteAllBytesAsync(Path.Combine(_runner.BackupDirectory, "pre_silver_20261124_020003.dump"), new byte[100]);
        await File.WriteAllBytesAsync(Path.Combine(_runner.BackupDirectory, "lsats_db_20261124_010000.dump"), new byte[10]);

        var list = await _runner.InvokeAsync("snapshot", "list");

        list.ExitCode.Should().Be(0, list.Error);
        list.Output.Should().Be(
            "SNAPSHOT                            SIZE  TAKEN (UTC)\n"
            + "pre_silver_20261124_020003.dump    100 B  2026-11-24 02:00:03\n"
            + "pre_silver_20261123_020001.dump  2.0 KiB  2026-11-23 02:00:01\n"
            + $"2 snapshot(s) in {_runner.BackupDirectory}\n");
    }

    [Fact]
    public async Task A_command_that_logs_to_a_file_prunes_run_logs_older_than_30_days()
    {
        var logs = _runner.Variables["LSATS_LOG_DIR"];
        Directory.CreateDirectory(logs);
        var old = Path.Combine(logs, "lsats-run_20261020_010000_backup_11.log");
        var recent = Path.Combine(logs, "lsats-run_20261030_010000_backup_12.log");
        var foreign = Path.Combine(logs, "lsats_database.log");
        foreach (var file in new[] { old, recent, foreign })
        {
            await File.WriteAllTextAsync(file, "x");
        }

        var backup = await _runner.InvokeAsync("backup");

        backup.ExitCode.Should().Be(0, backup.Error);
        File.Exists(old).Should().BeFalse();
        File.Exists(recent).Should().BeTrue();
        File.Exists(foreign).Should().BeTrue();
        Directory.GetFiles(logs, "lsats-run_20261125_010000_backup_*.log").Should().ContainSingle();
    }

    private Task TakeSnapshotAsync() => new LsatsHub.Warehouse.Snapshots.PgDumpSnapshotter(
        new LsatsHub.Warehouse.Snapshots.SnapshotOptions { Directory = _runner.Variables["LSATS_SNAPSHOT_DIR"], ConnectionString = _runner.Database.ConnectionString },
        Microsoft.Extensions.Logging.Abstractions.NullLogger<LsatsHub.Warehouse.Snapshots.PgDumpSnapshotter>.Instance,
        _runner.Clock).TakeAsync(CancellationToken.None);
}

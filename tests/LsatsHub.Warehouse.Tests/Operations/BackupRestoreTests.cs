using Dapper;
using LsatsHub.Testing;
using LsatsHub.Warehouse.Operations;
using LsatsHub.Warehouse.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace LsatsHub.Warehouse.Tests.Operations;

/// <summary>Backup, mutate, restore against a real warehouse on the test server.</summary>
public sealed class BackupRestoreTests : IAsyncLifetime
{
    private readonly OperationsFolder _folder = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresServer.CreateDatabaseAsync("backup");
        await WarehouseHarness.Installer(_database).InitAsync(CancellationToken.None);
        await WarehouseHarness.ExecuteAsync(_database, """
            INSERT INTO silver.umapi_departments (dept_id, department_name, entity_hash, raw_id)
            SELECT 'D' || n, 'Department ' || n, md5(n::text), public.uuid_generate_v4() FROM generate_series(1, 40) AS n;
            INSERT INTO silver.group_members (group_id, member_type, member_uniqname, source_system)
            SELECT 'g' || (n % 5), 'user', 'user' || n, 'mcommunity' FROM generate_series(1, 300) AS n;
            INSERT INTO silver.group_owners (group_id, owner_type, owner_uniqname, source_system)
            SELECT 'g' || n, 'user', 'owner' || n, 'mcommunity' FROM generate_series(1, 5) AS n;
            """);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Backup_then_mutate_then_restore_gives_back_every_silver_table_exactly()
    {
        var before = await SilverFingerprint.TakeAsync(_database.DataSource);
        var backup = await Backup().RunAsync(CancellationToken.None);
        await WarehouseHarness.ExecuteAsync(_database, """
            DELETE FROM silver.group_members WHERE member_uniqname LIKE 'user1%';
            UPDATE silver.umapi_departments SET department_name = 'changed' WHERE dept_id = 'D7';
            INSERT INTO silver.group_owners (group_id, owner_type, owner_uniqname, source_system) VALUES ('g9', 'user', 'intruder', 'mcommunity');
            """);
        var mutated = await SilverFingerprint.TakeAsync(_database.DataSource);

        var restore = Restore();
        var result = await restore.RestoreAsync(restore.Find(DatabaseRestore.Latest), intoDatabase: null, CancellationToken.None);
        var after = await SilverFingerprint.TakeAsync(_database.DataSource);

        backup.Backup.Name.Should().Be("lsats_db_20261125_010000.dump");
        backup.Contents.SilverTableCount.Should().BeGreaterThanOrEqualTo(28);
        backup.Contents.SourceDatabase.Should().Be(_database.Name);
        _folder.Names().Should().Equal("lsats_db_20261125_010000.dump");
        mutated.Should().NotEqual(before);
        after.Should().Equal(before);
        before.Should().HaveCountGreaterThanOrEqualTo(28);
        result.Dump.Name.Should().Be(backup.Backup.Name);
        result.Database.Should().EndWith("/" + _database.Name);
    }

    [Fact]
    public async Task A_restore_drill_into_a_second_database_leaves_the_warehouse_alone_and_matches_it()
    {
        var drillName = $"{_database.Name}_drill";
        await Backup().RunAsync(CancellationToken.None);
        await WarehouseHarness.ExecuteAsync(_database, "DELETE FROM silver.group_owners");
        var warehouseAfterDelete = await SilverFingerprint.TakeAsync(_database.DataSource);
        try
        {
            var restore = Restore();
            var result = await restore.RestoreAsync(restore.Find(DatabaseRestore.Latest), drillName, CancellationToken.None);

            await using var drill = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Database = drillName }.ConnectionString);
            var drilled = await SilverFingerprint.TakeAsync(drill);
            await using var connection = await drill.OpenConnectionAsync();
            var owners = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM silver.group_owners");

            result.CreatedDatabase.Should().BeTrue();
            result.Database.Should().EndWith("/" + drillName);
            owners.Should().Be(5);
            drilled["group_members"].Should().Be(warehouseAfterDelete["group_members"]);
            (await SilverFingerprint.TakeAsync(_database.DataSource)).Should().Equal(warehouseAfterDelete);
        }
        finally
        {
            await using var admin = new NpgsqlConnection(_database.ConnectionString);
            await admin.OpenAsync();
            await admin.ExecuteAsync($"DROP DATABASE IF EXISTS \"{drillName}\" WITH (FORCE)");
        }
    }

    [Fact]
    public async Task A_file_that_is_not_a_dump_is_refused_before_anything_is_dropped()
    {
        var bogus = _folder.Touch("lsats_db_20261124_010000.dump", "not a dump at all");
        var before = await SilverFingerprint.TakeAsync(_database.DataSource);
        var restore = Restore();

        var act = () => restore.RestoreAsync(restore.Find(bogus), intoDatabase: null, CancellationToken.None);

        (await act.Should().ThrowAsync<WarehouseException>()).Which.Message.Should().Contain("not a readable pg_dump archive").And.Contain(bogus);
        (await SilverFingerprint.TakeAsync(_database.DataSource)).Should().Equal(before);
    }

    [Fact]
    public async Task A_failing_copy_command_fails_the_backup_loudly_keeps_the_dump_and_prunes_nothing()
    {
        var old = _folder.Touch("lsats_db_20261101_010000.dump");
        var backup = Backup(copyCommand: "echo \"refusing $1\" >&2; exit 23");

        var act = () => backup.RunAsync(CancellationToken.None);

        var thrown = (await act.Should().ThrowAsync<WarehouseException>()).Which;
        thrown.Message.Should().Contain("exited with code 23").And.Contain("refusing " + _folder.Combine("lsats_db_20261125_010000.dump"));
        _folder.Names().Should().Equal("lsats_db_20261101_010000.dump", "lsats_db_20261125_010000.dump");
        File.Exists(old).Should().BeTrue();
    }

    [Fact]
    public async Task A_copy_folder_and_a_copy_command_both_receive_the_new_backup()
    {
        using var second = new OperationsFolder();
        using var viaCommand = new OperationsFolder();

        var result = await Backup(copyDirectory: second.Path, copyCommand: $"cp \"$1\" '{viaCommand.Path}/'").RunAsync(CancellationToken.None);

        second.Names().Should().Equal(result.Backup.Name);
        viaCommand.Names().Should().Equal(result.Backup.Name);
        new FileInfo(second.Combine(result.Backup.Name)).Length.Should().Be(result.Backup.SizeBytes);
        result.Copies.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_missing_copy_folder_fails_instead_of_filling_the_local_disk()
    {
        var missing = _folder.Combine("not-mounted");

        var act = () => Backup(copyDirectory: missing).RunAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<WarehouseException>()).Which.Message.Should().Contain(missing).And.Contain("mounted");
        Directory.Exists(missing).Should().BeFalse();
    }

    [Fact]
    public async Task Retention_deletes_exactly_the_backups_older_than_the_period_and_never_snapshots_or_other_files()
    {
        foreach (var name in new[]
        {
            "lsats_db_20261124_010000.dump", "lsats_db_20261119_010000.dump", "lsats_db_20261118_020000.dump",
            "lsats_db_20261117_230000.dump", "lsats_db_20261110_010000.dump", "lsats_db_20261110_010000_2.dump",
            "pre_silver_20261001_020000.dump", "lsats_db_manual_copy.dump", "notes.txt",
        })
        {
            _folder.Touch(name);
        }

        var result = await Backup().RunAsync(CancellationToken.None);

        // now = 2026-11-25 01:00, 7 days → everything taken before 2026-11-18 01:00 goes.
        result.Deleted.Select(file => file.Name).Should().Equal("lsats_db_20261110_010000.dump", "lsats_db_20261110_010000_2.dump", "lsats_db_20261117_230000.dump");
        _folder.Names().Should().Equal(
            "lsats_db_20261118_020000.dump", "lsats_db_20261119_010000.dump", "lsats_db_20261124_010000.dump", "lsats_db_20261125_010000.dump",
            "lsats_db_manual_copy.dump", "notes.txt", "pre_silver_20261001_020000.dump");
    }

    [Fact]
    public async Task Two_backups_in_the_same_second_get_distinct_names()
    {
        var first = await Backup().RunAsync(CancellationToken.None);
        var second = await Backup().RunAsync(CancellationToken.None);

        first.Backup.Name.Should().Be("lsats_db_20261125_010000.dump");
        second.Backup.Name.Should().Be("lsats_db_20261125_010000_2.dump");
        Restore().Find(DatabaseRestore.Latest).Name.Should().Be(second.Backup.Name);
    }

    private DatabaseBackup Backup(string? copyDirectory = null, string? copyCommand = null) => new(
        new BackupOptions { Directory = _folder.Path, ConnectionString = _database.ConnectionString, CopyDirectory = copyDirectory, CopyCommand = copyCommand },
        NullLogger<DatabaseBackup>.Instance,
        _clock);

    private DatabaseRestore Restore() => new(
        new RestoreOptions { BackupDirectory = _folder.Path, SnapshotDirectory = _folder.Path, ConnectionString = _database.ConnectionString },
        NullLogger<DatabaseRestore>.Instance);
}

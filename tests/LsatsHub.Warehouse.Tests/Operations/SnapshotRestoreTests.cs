using CliWrap;
using CliWrap.Buffered;
using Dapper;
using LsatsHub.Testing;
using LsatsHub.Warehouse.Operations;
using LsatsHub.Warehouse.Snapshots;
using LsatsHub.Warehouse.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LsatsHub.Warehouse.Tests.Operations;

/// <summary>
/// The pre-silver snapshot holds silver (and what rolls back with it), not bronze, and <c>restore latest-snapshot</c>
/// rolls silver back while bronze rows written since stay: real warehouse, real pg_dump and pg_restore.
/// </summary>
public sealed class SnapshotRestoreTests : IAsyncLifetime
{
    private const string RunId = "7d3f2a10-0000-4000-8000-000000000001";

    private readonly OperationsFolder _folder = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 2, 0, 1, TimeSpan.Zero));
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresServer.CreateDatabaseAsync("snaprestore");
        await WarehouseHarness.Installer(_database).InitAsync(CancellationToken.None);
        // gold reads silver: a view and a table with a foreign key into silver, both of which would stop pg_restore
        // --clean from dropping the silver tables if the snapshot did not recreate them too.
        await WarehouseHarness.ExecuteAsync(_database, $$"""
            INSERT INTO meta.ingestion_runs (run_id, source_system, entity_type, status) VALUES ('{{RunId}}', 'umich_api', 'department', 'completed');
            INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingestion_run_id)
            SELECT 'department', 'umich_api', 'D' || n, jsonb_build_object('DeptId', 'D' || n), '{{RunId}}' FROM generate_series(1, 40) AS n;
            INSERT INTO silver.umapi_departments (dept_id, department_name, entity_hash, raw_id, ingestion_run_id)
            SELECT 'D' || n, 'Department ' || n, md5(n::text), public.uuid_generate_v4(), '{{RunId}}' FROM generate_series(1, 40) AS n;
            INSERT INTO silver.group_members (group_id, member_type, member_uniqname, source_system)
            SELECT 'g' || (n % 5), 'user', 'user' || n, 'mcommunity' FROM generate_series(1, 300) AS n;
            INSERT INTO meta.step_input_stamps (step_name, stamps, recorded_at) VALUES ('silver.umapi_departments', '{"sql": "a"}', now());
            INSERT INTO meta.group_membership_inputs (group_id, entity_hash, inputs_hash) SELECT 'g' || n, md5(n::text), 'h' || n FROM generate_series(0, 4) AS n;
            CREATE VIEW gold.department_names AS SELECT dept_id, department_name FROM silver.umapi_departments;
            CREATE TABLE gold.department_notes (dept_id varchar(10) PRIMARY KEY REFERENCES silver.umapi_departments (dept_id), note text NOT NULL);
            INSERT INTO gold.department_notes VALUES ('D1', 'first');
            """);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_snapshot_holds_silver_gold_and_the_meta_tables_describing_silver_and_no_bronze()
    {
        var snapshot = await Snapshotter().TakeAsync(CancellationToken.None);

        var contents = await Restore().CheckAsync(Restore().Find(DatabaseRestore.LatestSnapshot), CancellationToken.None);
        var listing = await Cli.Wrap(PgRestorePath()).WithArguments(["--list", snapshot.FullPath]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();

        listing.ExitCode.Should().Be(0, listing.StandardError);
        listing.StandardOutput.Should().NotContain(" bronze ").And.Contain("TABLE DATA silver umapi_departments");
        contents.BronzeTableCount.Should().Be(0);
        contents.CreatesSchemas.Should().BeFalse();
        contents.SilverTableCount.Should().BeGreaterThanOrEqualTo(28);
        contents.Relations.Select(relation => relation.Schema).Distinct().Should().BeEquivalentTo("silver", "gold", "meta");
        contents.Relations.Where(relation => relation.Schema == "meta").Select(relation => relation.ToString())
            .Should().BeEquivalentTo("meta.step_input_stamps", "meta.group_membership_inputs");
        contents.Relations.Select(relation => relation.ToString()).Should().Contain(["silver.users", "silver.v_lab_summary", "gold.department_names", "gold.department_notes"]);
    }

    [Fact]
    public async Task Restoring_the_latest_snapshot_rolls_silver_back_and_keeps_the_bronze_rows_written_since()
    {
        var before = await StateAsync();
        await Snapshotter().TakeAsync(CancellationToken.None);
        await WarehouseHarness.ExecuteAsync(_database, """
            DELETE FROM silver.group_members WHERE member_uniqname LIKE 'user1%';
            UPDATE silver.umapi_departments SET department_name = 'changed' WHERE dept_id = 'D7';
            INSERT INTO silver.umapi_departments (dept_id, department_name, entity_hash, raw_id) VALUES ('D99', 'new', 'x', public.uuid_generate_v4());
            UPDATE meta.step_input_stamps SET stamps = '{"sql": "b"}';
            DELETE FROM meta.group_membership_inputs WHERE group_id = 'g1';
            INSERT INTO gold.department_notes VALUES ('D99', 'on a department the snapshot does not have');
            INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data)
            SELECT 'department', 'umich_api', 'D' || n, jsonb_build_object('DeptId', 'D' || n, 'after', true) FROM generate_series(95, 99) AS n;
            """);
        var stampAfterChange = await ScalarAsync<long>("SELECT change_seq FROM meta.table_changes WHERE table_name = 'silver.umapi_departments'");
        (await StateAsync()).Should().NotBeEquivalentTo(before);

        var restore = Restore();
        var result = await restore.RestoreAsync(restore.Find(DatabaseRestore.LatestSnapshot), intoDatabase: null, CancellationToken.None);

        result.Dump.Name.Should().Be("pre_silver_20261125_020001.dump");
        (await StateAsync()).Should().BeEquivalentTo(before);
        (await ScalarAsync<long>("SELECT count(*) FROM bronze.raw_entities WHERE raw_data ? 'after'")).Should().Be(5);
        (await ScalarAsync<long>("SELECT count(*) FROM bronze.raw_entities")).Should().Be(45);
        (await ScalarAsync<long>("SELECT count(*) FROM gold.department_names WHERE department_name = 'Department 7'")).Should().Be(1);
        // The stamps only grow, and stay: the restored step_input_stamps recorded older ones, so the step runs again.
        (await ScalarAsync<long>("SELECT change_seq FROM meta.table_changes WHERE table_name = 'silver.umapi_departments'")).Should().Be(stampAfterChange);
    }

    [Fact]
    public async Task A_snapshot_restore_that_fails_midway_changes_nothing()
    {
        await Snapshotter().TakeAsync(CancellationToken.None);
        // The snapshot's silver rows name an ingestion run that is gone now: recreating their foreign key, late in
        // the restore (after every drop and every row), fails.
        await WarehouseHarness.ExecuteAsync(_database, $$"""
            UPDATE silver.umapi_departments SET ingestion_run_id = NULL;
            UPDATE silver.umapi_departments SET department_name = 'changed' WHERE dept_id = 'D7';
            UPDATE bronze.raw_entities SET ingestion_run_id = NULL;
            DELETE FROM meta.ingestion_runs WHERE run_id = '{{RunId}}';
            UPDATE meta.step_input_stamps SET stamps = '{"sql": "b"}';
            INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data)
            SELECT 'department', 'umich_api', 'D' || n, '{}' FROM generate_series(95, 99) AS n;
            """);
        var mutated = await StateAsync();
        var bronze = await ScalarAsync<long>("SELECT count(*) FROM bronze.raw_entities");
        var restore = Restore();

        var act = () => restore.RestoreAsync(restore.Find(DatabaseRestore.LatestSnapshot), intoDatabase: null, CancellationToken.None);

        (await act.Should().ThrowAsync<WarehouseException>()).Which.Message.Should().Contain("nothing was changed").And.Contain("ingestion_run");
        (await StateAsync()).Should().BeEquivalentTo(mutated);
        (await ScalarAsync<long>("SELECT count(*) FROM bronze.raw_entities")).Should().Be(bronze);
        (await ScalarAsync<string>("SELECT department_name FROM gold.department_names WHERE dept_id = 'D7'")).Should().Be("changed");
    }

    [Fact]
    public async Task An_object_outside_the_snapshot_that_depends_on_silver_stops_the_restore_before_anything_changes()
    {
        await Snapshotter().TakeAsync(CancellationToken.None);
        await WarehouseHarness.ExecuteAsync(_database, """
            CREATE VIEW public.analyst_departments AS SELECT dept_id FROM silver.umapi_departments;
            CREATE TABLE meta.department_flags (dept_id varchar(10) REFERENCES silver.umapi_departments (dept_id));
            UPDATE silver.umapi_departments SET department_name = 'changed' WHERE dept_id = 'D7';
            """);
        var mutated = await StateAsync();
        var restore = Restore();

        var act = () => restore.RestoreAsync(restore.Find(DatabaseRestore.LatestSnapshot), intoDatabase: null, CancellationToken.None);

        (await act.Should().ThrowAsync<WarehouseException>()).Which.Message
            .Should().Contain("view public.analyst_departments").And.Contain("department_flags").And.Contain("silver.umapi_departments").And.Contain("Nothing was changed");
        (await StateAsync()).Should().BeEquivalentTo(mutated);
    }

    // Silver's fingerprint plus the meta and gold tables that roll back with it.
    private async Task<Dictionary<string, string>> StateAsync()
    {
        var state = new Dictionary<string, string>(await SilverFingerprint.TakeAsync(_database.DataSource), StringComparer.Ordinal);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        foreach (var table in new[] { "meta.step_input_stamps", "meta.group_membership_inputs", "gold.department_notes" })
        {
            state[table] = await connection.ExecuteScalarAsync<string>(
                $"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') FROM {table} t") ?? "?";
        }

        return state;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql))!;
    }

    private PgDumpSnapshotter Snapshotter() => new(
        new SnapshotOptions { Directory = _folder.Path, ConnectionString = _database.ConnectionString },
        NullLogger<PgDumpSnapshotter>.Instance,
        _clock);

    private DatabaseRestore Restore() => new(
        new RestoreOptions { BackupDirectory = _folder.Path, SnapshotDirectory = _folder.Path, ConnectionString = _database.ConnectionString },
        NullLogger<DatabaseRestore>.Instance);

    private static string PgRestorePath()
    {
        var binDirectory = Environment.GetEnvironmentVariable(SnapshotOptions.BinDirectoryVariable);
        return string.IsNullOrEmpty(binDirectory) ? "pg_restore" : Path.Combine(binDirectory, "pg_restore");
    }
}

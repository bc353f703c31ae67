using System.Security.Cryptography;
using Dapper;
using LsatsHub.Testing;
using LsatsHub.Warehouse.Schema;
using LsatsHub.Warehouse.Tests.Support;

namespace LsatsHub.Warehouse.Tests.Schema;

/// <summary>
/// <c>db migrate</c> and how <c>db init</c> treats sql/migrations, on the real PostgreSQL: each test works on a private
/// copy of the sql folder and adds its own numbered files (test files are numbered 09xx so they sort after the real ones).
/// </summary>
public sealed class SchemaMigratorTests : IDisposable
{
    private readonly string _folder = WarehouseHarness.CopySqlFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Init_on_a_fresh_database_records_every_migration_file_as_contained_in_the_baseline_without_running_it()
    {
        // Would fail if it ran: a fresh init must only record it.
        var unrunnable = Write("0900_would_fail_if_run.sql", "SELECT no_such_function();");
        await using var database = await PostgresServer.CreateDatabaseAsync("migbase");

        var result = await WarehouseHarness.Installer(database, Files()).InitAsync(CancellationToken.None);

        var expected = Directory.GetFiles(Path.Combine(_folder, "migrations"), "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        expected.Should().Contain("0900_would_fail_if_run.sql").And.HaveCountGreaterThan(1, "the repository's own migrations are there too");
        result.BaselinedMigrations.Should().Equal(expected);
        result.PendingMigrations.Should().BeEmpty();
        var ledger = await LedgerAsync(database);
        ledger.Select(row => row.FileName).Should().Equal(expected);
        ledger.Should().OnlyContain(row => row.How == "baseline");
        ledger.Single(row => row.FileName == "0900_would_fail_if_run.sql").Checksum.Should().Be(Sha256(unrunnable));
    }

    [Fact]
    public async Task Init_on_an_existing_warehouse_records_nothing_and_names_the_pending_files()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("migpend");
        await WarehouseHarness.Installer(database, Files()).InitAsync(CancellationToken.None);
        var before = await LedgerAsync(database);
        Write("0950_later_change.sql", "CREATE TABLE meta.zz_later (id integer);");

        var second = await WarehouseHarness.Installer(database, Files()).InitAsync(CancellationToken.None);

        second.BaselinedMigrations.Should().BeEmpty();
        second.PendingMigrations.Should().Equal("0950_later_change.sql");
        (await LedgerAsync(database)).Should().Equal(before);
        (await TableExistsAsync(database, "meta.zz_later")).Should().BeFalse();
    }

    [Fact]
    public async Task Pending_files_run_in_file_name_order_and_each_is_recorded_with_its_checksum()
    {
        await using var database = await InitialisedAsync("migorder");
        // 0910 needs the table 0902 creates: only file-name order (not creation or directory order) makes it work.
        var second = Write("0910_add_column.sql", "-- needs 0902\nALTER TABLE meta.zz_probe ADD COLUMN note text;");
        var first = Write("0902_create_table.sql", "CREATE TABLE meta.zz_probe (id integer);\nCOMMENT ON TABLE meta.zz_probe IS 'probe';");

        var result = await WarehouseHarness.Migrator(database, Files()).MigrateAsync(CancellationToken.None);

        result.Applied.Select(file => file.RelativePath).Should().Equal("migrations/0902_create_table.sql", "migrations/0910_add_column.sql");
        result.Applied.Select(file => file.StatementCount).Should().Equal(2, 1);
        result.AlreadyApplied.Should().BeGreaterThan(0, "the repository's own migrations were recorded by init");
        (await ColumnsAsync(database, "zz_probe")).Should().Equal("id", "note");
        var ledger = (await LedgerAsync(database)).Where(row => row.FileName.StartsWith("09", StringComparison.Ordinal)).ToList();
        ledger.Should().Equal(
            ("0902_create_table.sql", Sha256(first), "migrate"),
            ("0910_add_column.sql", Sha256(second), "migrate"));
    }

    [Fact]
    public async Task A_second_migrate_runs_nothing_and_leaves_the_catalog_identical()
    {
        await using var database = await InitialisedAsync("migtwice");
        Write("0902_create_table.sql", "CREATE TABLE meta.zz_probe (id integer);");
        var migrator = WarehouseHarness.Migrator(database, Files());
        await migrator.MigrateAsync(CancellationToken.None);
        var catalog = await CatalogSnapshot.TakeAsync(database.DataSource);
        var ledger = await LedgerAsync(database);

        // Would fail if it ran again: the table exists.
        var again = await migrator.MigrateAsync(CancellationToken.None);

        again.Applied.Should().BeEmpty();
        again.AlreadyApplied.Should().Be(ledger.Count);
        (await CatalogSnapshot.TakeAsync(database.DataSource)).Should().Be(catalog);
        (await LedgerAsync(database)).Should().Equal(ledger);
    }

    [Fact]
    public async Task A_failing_file_leaves_nothing_of_itself_is_not_recorded_and_the_files_before_it_stay()
    {
        await using var database = await InitialisedAsync("migfail");
        Write("0902_create_table.sql", "CREATE TABLE meta.zz_probe (id integer);");
        Write("0903_half_done.sql", "CREATE TABLE meta.zz_half (id integer);\nALTER TABLE meta.zz_probe ADD COLUMN id integer;");
        Write("0904_after.sql", "CREATE TABLE meta.zz_after (id integer);");

        var act = () => WarehouseHarness.Migrator(database, Files()).MigrateAsync(CancellationToken.None);

        var error = (await act.Should().ThrowAsync<SqlFileException>()).Which;
        error.RelativePath.Should().Be("migrations/0903_half_done.sql");
        error.Line.Should().Be(2);
        error.SqlState.Should().Be("42701");
        error.Message.Should().Contain("0903_half_done.sql was rolled back and is not recorded");
        (await TableExistsAsync(database, "meta.zz_probe")).Should().BeTrue("0902 committed on its own");
        (await TableExistsAsync(database, "meta.zz_half")).Should().BeFalse("0903's first statement was rolled back with it");
        (await TableExistsAsync(database, "meta.zz_after")).Should().BeFalse("nothing runs after a failure");
        (await LedgerAsync(database)).Select(row => row.FileName).Should().Contain("0902_create_table.sql")
            .And.NotContain("0903_half_done.sql").And.NotContain("0904_after.sql");

        Write("0903_half_done.sql", "CREATE TABLE meta.zz_half (id integer);");
        var retry = await WarehouseHarness.Migrator(database, Files()).MigrateAsync(CancellationToken.None);
        retry.Applied.Select(file => file.RelativePath).Should().Equal("migrations/0903_half_done.sql", "migrations/0904_after.sql");
    }

    [Fact]
    public async Task An_applied_file_that_changed_stops_everything_before_anything_runs()
    {
        await using var database = await InitialisedAsync("migchanged");
        Write("0902_create_table.sql", "CREATE TABLE meta.zz_probe (id integer);");
        await WarehouseHarness.Migrator(database, Files()).MigrateAsync(CancellationToken.None);
        Write("0902_create_table.sql", "CREATE TABLE meta.zz_probe (id bigint);");
        Write("0903_next.sql", "CREATE TABLE meta.zz_next (id integer);");

        var act = () => WarehouseHarness.Migrator(database, Files()).MigrateAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<WarehouseException>()).Which.Message
            .Should().Contain("migrations/0902_create_table.sql changed after it was applied").And.Contain("new numbered file");
        (await TableExistsAsync(database, "meta.zz_next")).Should().BeFalse();
    }

    [Fact]
    public async Task A_file_that_manages_its_own_transaction_is_refused_before_anything_runs()
    {
        await using var database = await InitialisedAsync("migtx");
        Write("0902_create_table.sql", "CREATE TABLE meta.zz_probe (id integer);");
        Write("0903_own_tx.sql", "-- the old convention\nBEGIN;\nCREATE TABLE meta.zz_own (id integer);\nCOMMIT;");

        var act = () => WarehouseHarness.Migrator(database, Files()).MigrateAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<WarehouseException>()).Which.Message
            .Should().StartWith("migrations/0903_own_tx.sql:2: migration files must not contain BEGIN, COMMIT or ROLLBACK");
        (await TableExistsAsync(database, "meta.zz_probe")).Should().BeFalse();
    }

    [Fact]
    public async Task A_do_block_with_begin_and_end_is_not_mistaken_for_transaction_control()
    {
        await using var database = await InitialisedAsync("migdo");
        Write("0902_guarded.sql", "DO $$\nBEGIN\n  IF to_regclass('meta.zz_probe') IS NULL THEN CREATE TABLE meta.zz_probe (id integer); END IF;\nEND $$;");

        var result = await WarehouseHarness.Migrator(database, Files()).MigrateAsync(CancellationToken.None);

        result.Applied.Should().ContainSingle();
        (await TableExistsAsync(database, "meta.zz_probe")).Should().BeTrue();
    }

    [Fact]
    public async Task Migrate_on_a_database_without_the_ledger_asks_for_db_init()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("migempty");

        var act = () => WarehouseHarness.Migrator(database, Files()).MigrateAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<WarehouseException>()).Which.Message.Should().Contain("lsats-run db init");
    }

    [Fact]
    public async Task The_repository_migrations_applied_to_the_baseline_change_nothing_in_the_catalog()
    {
        // The folding rule of sql/migrations/README.md: the baseline already holds every migration, so running them
        // on a fresh warehouse (as an existing one would) must succeed and change no catalog fact.
        await using var database = await PostgresServer.CreateDatabaseAsync("migfold");
        await WarehouseHarness.Installer(database).InitAsync(CancellationToken.None);
        await WarehouseHarness.ExecuteAsync(database, "DELETE FROM meta.schema_migrations");
        var before = await CatalogSnapshot.TakeAsync(database.DataSource);

        var result = await WarehouseHarness.Migrator(database, WarehouseHarness.Files).MigrateAsync(CancellationToken.None);

        result.Applied.Should().NotBeEmpty();
        (await CatalogSnapshot.TakeAsync(database.DataSource)).Should().Be(before);
    }

    private SqlFileSet Files() => SqlFileSet.Locate(_folder);

    private string Write(string name, string sql)
    {
        var path = Path.Combine(_folder, "migrations", name);
        File.WriteAllText(path, sql + "\n");
        return path;
    }

    private async Task<TestDatabase> InitialisedAsync(string purpose)
    {
        var database = await PostgresServer.CreateDatabaseAsync(purpose);
        await WarehouseHarness.Installer(database, Files()).InitAsync(CancellationToken.None);
        return database;
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static async Task<List<(string FileName, string Checksum, string How)>> LedgerAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<(string, string, string)>(
            "SELECT file_name, checksum, applied_how FROM meta.schema_migrations ORDER BY file_name")).ToList();
    }

    private static async Task<bool> TableExistsAsync(TestDatabase database, string table)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>("SELECT to_regclass(@table) IS NOT NULL", new { table });
    }

    private static async Task<List<string>> ColumnsAsync(TestDatabase database, string table)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<string>(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'meta' AND table_name = @table ORDER BY ordinal_position",
            new { table })).ToList();
    }
}

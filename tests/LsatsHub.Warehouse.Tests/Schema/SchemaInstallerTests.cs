using Dapper;
using LsatsHub.Testing;
using LsatsHub.Warehouse.Schema;
using LsatsHub.Warehouse.Tests.Support;

namespace LsatsHub.Warehouse.Tests.Schema;

public sealed class SchemaInstallerTests
{
    [Fact]
    public async Task Init_applies_init_schema_views_in_order_and_builds_the_canonical_warehouse()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("init");

        var result = await WarehouseHarness.Installer(database).InitAsync(CancellationToken.None);

        result.Files.Select(file => file.RelativePath).Should().Equal(
            "production_init.sql", "production_schema.sql", "views/silver_views.sql");
        result.Files.Should().OnlyContain(file => file.StatementCount > 0);
        (await CatalogSnapshot.SilverTablesAsync(database.DataSource)).Should().Equal(CanonicalSchema.SilverTables);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var views = await connection.QueryAsync<string>("SELECT viewname FROM pg_views WHERE schemaname = 'silver' ORDER BY viewname");
        views.Should().Equal(CanonicalSchema.SilverViews);
    }

    [Fact]
    public async Task A_second_init_succeeds_and_leaves_the_catalog_identical()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("init2");
        var installer = WarehouseHarness.Installer(database);
        await installer.InitAsync(CancellationToken.None);
        var afterFirst = await CatalogSnapshot.TakeAsync(database.DataSource);

        await installer.InitAsync(CancellationToken.None);

        var afterSecond = await CatalogSnapshot.TakeAsync(database.DataSource);
        afterSecond.Should().Be(afterFirst);
        afterFirst.Split('\n').Length.Should().BeGreaterThan(1000, "the snapshot must actually cover the schema");
    }

    [Fact]
    public async Task The_lab_managers_manager_foreign_key_targets_silver_users()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("labfk");
        await WarehouseHarness.Installer(database).InitAsync(CancellationToken.None);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        var target = await connection.ExecuteScalarAsync<string>(
            "SELECT confrelid::regclass::text FROM pg_constraint WHERE conname = 'lab_managers_manager_uniqname_fkey'");

        target.Should().Be("silver.users");
    }

    [Fact]
    public async Task Bronze_entity_hash_is_the_identity_hash_and_accepts_backslashes()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("bronzehash");
        await WarehouseHarness.Installer(database).InitAsync(CancellationToken.None);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<(string Hash, string Function)>(
            """
            INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data)
            VALUES ('organizational_unit', 'active_directory', 'OU=Smith\, Jo', '{}')
            RETURNING entity_hash, public.generate_entity_hash(entity_type, source_system, external_id)
            """);

        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(@"organizational_unit|active_directory|OU=Smith\, Jo")));
        row.Hash.Should().Be(expected);
        row.Function.Should().Be(expected);
    }

    [Theory]
    [InlineData("bronze.raw_entities.ingested_at", "INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at) VALUES ('user', 'tdx', '1', '{}', NULL)")]
    [InlineData("bronze.raw_entities.ingestion_metadata", "INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingestion_metadata) VALUES ('user', 'tdx', '1', '{}', NULL)")]
    [InlineData("meta.ingestion_runs.started_at", "INSERT INTO meta.ingestion_runs (source_system, entity_type, started_at) VALUES ('tdx', 'user', NULL)")]
    [InlineData("meta.ingestion_runs.status", "INSERT INTO meta.ingestion_runs (source_system, entity_type, status) VALUES ('tdx', 'user', NULL)")]
    public async Task The_times_and_states_silver_orders_by_cannot_be_null(string column, string insert)
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("notnull");
        await WarehouseHarness.Installer(database).InitAsync(CancellationToken.None);

        var act = () => WarehouseHarness.ExecuteAsync(database, insert);

        var error = (await act.Should().ThrowAsync<Npgsql.PostgresException>()).Which;
        error.SqlState.Should().Be("23502", "{0} must be NOT NULL", column);
        (error.TableName + "." + error.ColumnName).Should().Be(column[(column.IndexOf('.') + 1)..]);
    }

    [Fact]
    public async Task A_syntax_error_is_reported_with_file_and_line_and_leaves_the_database_as_it_was()
    {
        var folder = WarehouseHarness.CopySqlFolder();
        try
        {
            var schemaPath = Path.Combine(folder, SqlFileSet.SchemaFile);
            var lines = File.ReadAllLines(schemaPath).ToList();
            var brokenLine = lines.FindIndex(line => line.StartsWith("CREATE TABLE IF NOT EXISTS silver.users (", StringComparison.Ordinal)) + 1;
            brokenLine.Should().BeGreaterThan(100, "the error must sit after many statements of the same file");
            lines.Insert(brokenLine - 1, "CREATE TABLEX silver.oops (id integer);");
            File.WriteAllLines(schemaPath, lines);
            var files = SqlFileSet.Locate(folder);

            await using var database = await PostgresServer.CreateDatabaseAsync("syntax");
            var installer = WarehouseHarness.Installer(database, files);
            await using (var connection = await database.DataSource.OpenConnectionAsync())
            {
                await connection.ExecuteAsync(await File.ReadAllTextAsync(files.PathOf(SqlFileSet.InitFile)));
            }

            var afterInit = await CatalogSnapshot.TakeAsync(database.DataSource);

            var act = () => installer.InitAsync(CancellationToken.None);

            var error = (await act.Should().ThrowAsync<SqlFileException>()).Which;
            error.RelativePath.Should().Be("production_schema.sql");
            error.Line.Should().Be(brokenLine);
            error.SqlState.Should().Be("42601");
            error.Message.Should().StartWith($"production_schema.sql:{brokenLine}: syntax error at or near \"TABLEX\"");
            (await CatalogSnapshot.SilverTablesAsync(database.DataSource)).Should().BeEmpty();
            (await CatalogSnapshot.TakeAsync(database.DataSource)).Should().Be(afterInit);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_error_in_the_last_file_leaves_an_empty_database_empty()
    {
        var folder = WarehouseHarness.CopySqlFolder();
        try
        {
            var viewsPath = Path.Combine(folder, "views", "silver_views.sql");
            await File.AppendAllTextAsync(viewsPath, "\nCREATE OR REPLACE VIEW silver.v_broken AS SELECT no_such_column FROM silver.users;\n");
            await using var database = await PostgresServer.CreateDatabaseAsync("lastfile");
            var before = await CatalogSnapshot.TakeAsync(database.DataSource);

            var act = () => WarehouseHarness.Installer(database, SqlFileSet.Locate(folder)).InitAsync(CancellationToken.None);

            (await act.Should().ThrowAsync<SqlFileException>()).Which.RelativePath.Should().Be("views/silver_views.sql");
            (await CatalogSnapshot.TakeAsync(database.DataSource)).Should().Be(before);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

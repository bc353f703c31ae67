using LsatsHub.Testing;
using LsatsHub.Warehouse.Tests.Support;
using LsatsHub.Warehouse.Validation;

namespace LsatsHub.Warehouse.Tests.Validation;

public sealed class SchemaValidatorTests
{
    [Fact]
    public async Task A_freshly_built_warehouse_with_the_readonly_role_passes_every_check()
    {
        await using var roles = new TestRoles();
        await using var database = await PostgresServer.CreateDatabaseAsync("valok");
        var (readonlyRole, _) = await WarehouseHarness.BuildWithRolesAsync(database, roles);

        var report = await WarehouseHarness.Validator(database).ValidateAsync(new ValidationOptions(readonlyRole), CancellationToken.None);

        report.Checks.Where(check => !check.Passed).Should().BeEmpty();
        report.AllPassed.Should().BeTrue();
        report.Checks.Should().HaveCount(10);
        Check(report, "Read-only role").Single(check => check.Name.EndsWith("cannot write", StringComparison.Ordinal))
            .Detail.Should().Contain("INSERT, UPDATE, DELETE on silver.users and CREATE TABLE in silver denied");
    }

    [Fact]
    public async Task A_missing_silver_table_fails_the_table_check_naming_it()
    {
        var report = await ValidateBrokenAsync("valmissing", "DROP TABLE silver.computer_attributes");

        Failed(report, "Silver has exactly").Detail.Should().Contain("missing: silver.computer_attributes");
    }

    [Fact]
    public async Task An_added_users_legacy_table_fails_the_name_and_table_checks_naming_it()
    {
        var report = await ValidateBrokenAsync("vallegacy", "CREATE TABLE silver.users_legacy (uniqname varchar(50) PRIMARY KEY)");

        Failed(report, "Silver has exactly").Detail.Should().Contain("extra: silver.users_legacy");
        Failed(report, "No table or view named").Detail.Should().Contain("silver.users_legacy (table)");
    }

    [Fact]
    public async Task A_view_over_a_legacy_table_fails_naming_the_view_and_the_table()
    {
        var report = await ValidateBrokenAsync(
            "valview",
            """
            CREATE TABLE silver.users_legacy (uniqname varchar(50) PRIMARY KEY);
            CREATE VIEW silver.v_old_people AS SELECT uniqname FROM silver.users_legacy;
            """);

        Failed(report, "No view reads").Detail.Should().Contain("silver.v_old_people reads silver.users_legacy");
    }

    [Fact]
    public async Task A_foreign_key_to_a_legacy_table_fails_naming_the_constraint()
    {
        var report = await ValidateBrokenAsync(
            "valfk",
            """
            CREATE TABLE silver.users_legacy (uniqname varchar(50) PRIMARY KEY);
            ALTER TABLE silver.lab_managers ADD CONSTRAINT lab_managers_manager_uniqname_fkey_legacy
                FOREIGN KEY (manager_uniqname) REFERENCES silver.users_legacy (uniqname);
            """);

        Failed(report, "No foreign key").Detail.Should()
            .Contain("lab_managers_manager_uniqname_fkey_legacy on silver.lab_managers -> silver.users_legacy");
    }

    [Fact]
    public async Task A_missing_schema_or_a_non_empty_gold_fails_naming_it()
    {
        var report = await ValidateBrokenAsync(
            "valgold",
            "CREATE TABLE gold.kpi (id integer); DROP SCHEMA meta CASCADE;");

        Failed(report, "Schemas").Detail.Should().Be("missing: meta");
        Failed(report, "Gold schema").Detail.Should().Contain("gold.kpi");
        Failed(report, "Every meta view").Detail.Should().Contain("meta.current_ingestion_status");
    }

    [Fact]
    public async Task A_view_that_fails_to_select_or_is_missing_is_named()
    {
        // Constant folding evaluates 1/0 while planning, so even LIMIT 0 fails.
        var report = await ValidateBrokenAsync(
            "valbadview",
            "CREATE VIEW silver.v_broken AS SELECT 1 / 0 AS x; DROP VIEW silver.v_lab_summary;");

        var detail = Failed(report, "Every silver view").Detail;
        detail.Should().Contain("missing: silver.v_lab_summary").And.Contain("silver.v_broken: division by zero");
    }

    [Fact]
    public async Task A_missing_readonly_role_fails_both_role_checks_naming_it()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("valnorole");
        await WarehouseHarness.Installer(database).InitAsync(CancellationToken.None);

        var report = await WarehouseHarness.Validator(database).ValidateAsync(new ValidationOptions("lsats_nobody_here"), CancellationToken.None);

        report.AllPassed.Should().BeFalse();
        Check(report, "Read-only role").Should().HaveCount(2)
            .And.OnlyContain(check => !check.Passed && check.Detail == "role lsats_nobody_here does not exist (run db grant-readonly)");
    }

    [Fact]
    public async Task A_readonly_role_that_was_granted_a_write_fails_naming_the_table_and_the_live_probe()
    {
        var report = await ValidateBrokenAsync("valwrite", "GRANT INSERT ON silver.users TO {readonly}");

        var detail = Failed(report, "Read-only role", "cannot write").Detail;
        detail.Should().Contain("INSERT on silver.users").And.Contain("INSERT into silver.users as");
    }

    [Fact]
    public async Task A_readonly_role_missing_select_fails_naming_the_table()
    {
        var report = await ValidateBrokenAsync("valread", "REVOKE SELECT ON silver.labs FROM {readonly}");

        Failed(report, "Read-only role", "can read").Detail.Should().Be("lacks SELECT on silver.labs");
    }

    private static async Task<ValidationReport> ValidateBrokenAsync(string purpose, string breakage)
    {
        await using var roles = new TestRoles();
        await using var database = await PostgresServer.CreateDatabaseAsync(purpose);
        var (readonlyRole, _) = await WarehouseHarness.BuildWithRolesAsync(database, roles);
        await WarehouseHarness.ExecuteAsync(database, breakage.Replace("{readonly}", readonlyRole, StringComparison.Ordinal));

        return await WarehouseHarness.Validator(database).ValidateAsync(new ValidationOptions(readonlyRole), CancellationToken.None);
    }

    private static IEnumerable<ValidationCheck> Check(ValidationReport report, string prefix) =>
        report.Checks.Where(check => check.Name.StartsWith(prefix, StringComparison.Ordinal));

    private static ValidationCheck Failed(ValidationReport report, string prefix, string? suffix = null)
    {
        report.AllPassed.Should().BeFalse();
        var check = Check(report, prefix).Single(check => suffix is null || check.Name.Contains(suffix, StringComparison.Ordinal));
        check.Passed.Should().BeFalse(check.Detail);
        return check;
    }
}

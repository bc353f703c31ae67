using Dapper;
using LsatsHub.Testing;
using LsatsHub.Warehouse.Roles;
using LsatsHub.Warehouse.Tests.Support;
using Npgsql;

namespace LsatsHub.Warehouse.Tests.Roles;

public sealed class ReadonlyRoleGranterTests
{
    [Fact]
    public async Task The_readonly_role_can_select_from_silver_and_cannot_insert_update_delete_or_create()
    {
        await using var roles = new TestRoles();
        await using var database = await PostgresServer.CreateDatabaseAsync("rogrant");
        var (readonlyRole, _) = await WarehouseHarness.BuildWithRolesAsync(database, roles);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync($"SET LOCAL ROLE {readonlyRole}", transaction: transaction);

        var users = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM silver.users", transaction: transaction);
        users.Should().Be(0);
        foreach (var write in new[]
                 {
                     "INSERT INTO silver.users (uniqname, source_system, source_entity_id, entity_hash) VALUES ('a', 'x', 'a', 'h')",
                     "UPDATE silver.users SET full_name = 'x'",
                     "DELETE FROM silver.users",
                     "CREATE TABLE silver.sneaky (id integer)",
                 })
        {
            await connection.ExecuteAsync("SAVEPOINT attempt", transaction: transaction);
            var act = () => connection.ExecuteAsync(write, transaction: transaction);
            (await act.Should().ThrowAsync<PostgresException>(write)).Which.SqlState.Should().Be("42501", write);
            await connection.ExecuteAsync("ROLLBACK TO SAVEPOINT attempt", transaction: transaction);
        }
    }

    [Fact]
    public async Task Tables_the_application_role_creates_later_are_readable_through_default_privileges()
    {
        await using var roles = new TestRoles();
        await using var database = await PostgresServer.CreateDatabaseAsync("rodefault");
        var (readonlyRole, app) = await WarehouseHarness.BuildWithRolesAsync(database, roles);
        await WarehouseHarness.ExecuteAsync(database, $"GRANT USAGE, CREATE ON SCHEMA silver TO {app}");
        await WarehouseHarness.ExecuteAsync(database, $"SET ROLE {app}; CREATE TABLE silver.later_table (id integer); RESET ROLE;");

        await using var connection = await database.DataSource.OpenConnectionAsync();
        var canRead = await connection.ExecuteScalarAsync<bool>(
            "SELECT has_table_privilege(@role, 'silver.later_table', 'SELECT')", new { role = readonlyRole });

        canRead.Should().BeTrue();
    }

    [Fact]
    public async Task Granting_twice_succeeds_and_a_password_gives_the_role_login_with_a_scram_verifier()
    {
        await using var roles = new TestRoles();
        await using var database = await PostgresServer.CreateDatabaseAsync("ropass");
        var (readonlyRole, app) = await WarehouseHarness.BuildWithRolesAsync(database, roles);

        await WarehouseHarness.Granter(database.DataSource).GrantAsync(
            new ReadonlyRoleOptions(readonlyRole, app, database.Name, "Correct-Horse-9"), CancellationToken.None);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        var role = await connection.QuerySingleAsync<(bool CanLogin, string Password)>(
            "SELECT rolcanlogin, rolpassword FROM pg_authid WHERE rolname = @readonlyRole", new { readonlyRole });
        role.CanLogin.Should().BeTrue();
        role.Password.Should().StartWith("SCRAM-SHA-256$4096:").And.NotContain("Correct-Horse-9");
    }

    [Fact]
    public async Task A_role_that_may_not_create_roles_gets_a_clear_error_naming_it()
    {
        await using var roles = new TestRoles();
        await using var database = await PostgresServer.CreateDatabaseAsync("ronopriv");
        await WarehouseHarness.Installer(database).InitAsync(CancellationToken.None);
        var app = await roles.CreateAsync("app");
        var weak = await roles.CreateAsync("weak", "LOGIN");
        var weakConnection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = weak, Password = null };
        await using var weakSource = NpgsqlDataSource.Create(weakConnection.ConnectionString);

        var act = () => WarehouseHarness.Granter(weakSource).GrantAsync(
            new ReadonlyRoleOptions(roles.NewName("ro"), app, database.Name), CancellationToken.None);

        await act.Should().ThrowAsync<WarehouseException>()
            .WithMessage($"The connected role '{weak}' may not create roles or grant*");
    }

    [Fact]
    public async Task Insufficient_grant_rights_on_an_existing_role_are_reported_with_the_postgres_message()
    {
        await using var roles = new TestRoles();
        await using var database = await PostgresServer.CreateDatabaseAsync("ronogrant");
        await WarehouseHarness.Installer(database).InitAsync(CancellationToken.None);
        var app = await roles.CreateAsync("app");
        var readonlyRole = await roles.CreateAsync("ro");
        var weak = await roles.CreateAsync("weak", "LOGIN");
        var weakConnection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = weak, Password = null };
        await using var weakSource = NpgsqlDataSource.Create(weakConnection.ConnectionString);

        var act = () => WarehouseHarness.Granter(weakSource).GrantAsync(
            new ReadonlyRoleOptions(readonlyRole, app, database.Name), CancellationToken.None);

        await act.Should().ThrowAsync<WarehouseException>()
            .WithMessage($"The connected role '{weak}' may not create roles or grant*PostgreSQL said at roles.sql:*");
    }

    [Fact]
    public async Task A_missing_application_role_or_another_database_is_refused_before_anything_changes()
    {
        await using var roles = new TestRoles();
        await using var database = await PostgresServer.CreateDatabaseAsync("romissing");
        await WarehouseHarness.Installer(database).InitAsync(CancellationToken.None);
        var app = await roles.CreateAsync("app");
        var granter = WarehouseHarness.Granter(database.DataSource);

        var missingApp = () => granter.GrantAsync(new ReadonlyRoleOptions(roles.NewName("ro"), "no_such_app_role", database.Name), CancellationToken.None);
        var otherDatabase = () => granter.GrantAsync(new ReadonlyRoleOptions(roles.NewName("ro"), app, "some_other_db"), CancellationToken.None);

        await missingApp.Should().ThrowAsync<WarehouseException>().WithMessage("*application role 'no_such_app_role' does not exist*");
        await otherDatabase.Should().ThrowAsync<WarehouseException>().WithMessage($"*'{database.Name}'*'some_other_db'*");
    }
}

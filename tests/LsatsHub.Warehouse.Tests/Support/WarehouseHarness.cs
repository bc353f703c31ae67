using Dapper;
using LsatsHub.Testing;
using LsatsHub.Warehouse.Roles;
using LsatsHub.Warehouse.Schema;
using LsatsHub.Warehouse.Validation;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LsatsHub.Warehouse.Tests.Support;

/// <summary>Shortcuts for building the warehouse on a test database.</summary>
internal static class WarehouseHarness
{
    public static SqlFileSet Files { get; } = SqlFileSet.Locate();

    public static SchemaInstaller Installer(TestDatabase database, SqlFileSet? files = null) =>
        new(database.DataSource, files ?? Files, NullLogger<SchemaInstaller>.Instance);

    public static SchemaMigrator Migrator(TestDatabase database, SqlFileSet files) =>
        new(database.DataSource, files, TimeProvider.System, NullLogger<SchemaMigrator>.Instance);

    /// <summary>A private copy of the sql folder, for tests that change files; the caller deletes it.</summary>
    public static string CopySqlFolder()
    {
        var target = Directory.CreateTempSubdirectory("lsats-sql-").FullName;
        var source = Files.Root;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    public static ReadonlyRoleGranter Granter(NpgsqlDataSource dataSource) =>
        new(dataSource, Files, NullLogger<ReadonlyRoleGranter>.Instance);

    public static SchemaValidator Validator(TestDatabase database) =>
        new(database.DataSource, NullLogger<SchemaValidator>.Instance);

    /// <summary>init + grant-readonly with a fresh read-only and application role; returns the read-only role.</summary>
    public static async Task<(string Readonly, string App)> BuildWithRolesAsync(TestDatabase database, TestRoles roles)
    {
        await Installer(database).InitAsync(CancellationToken.None);
        var app = await roles.CreateAsync("app");
        var readonlyRole = roles.NewName("ro");
        await Granter(database.DataSource).GrantAsync(new ReadonlyRoleOptions(readonlyRole, app, database.Name), CancellationToken.None);
        return (readonlyRole, app);
    }

    public static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(sql);
    }
}

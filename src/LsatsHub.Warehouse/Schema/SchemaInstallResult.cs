namespace LsatsHub.Warehouse.Schema;

/// <summary>What <see cref="SchemaInstaller.InitAsync"/> applied.</summary>
/// <param name="Files">The files, in the order they were applied and committed.</param>
/// <param name="BaselinedMigrations">
/// On a fresh database: the migration files recorded as applied without running them (the baseline already holds
/// their changes). Empty on an existing warehouse.
/// </param>
/// <param name="PendingMigrations">On an existing warehouse: migration files not yet run (<c>lsats-run db migrate</c>).</param>
public sealed record SchemaInstallResult(
    IReadOnlyList<AppliedSqlFile> Files,
    IReadOnlyList<string> BaselinedMigrations,
    IReadOnlyList<string> PendingMigrations);

namespace LsatsHub.Warehouse.Schema;

/// <summary>What <see cref="SchemaMigrator.MigrateAsync"/> did.</summary>
/// <param name="Applied">The files run now, each committed in its own transaction, in order.</param>
/// <param name="AlreadyApplied">How many files had run before (and were left alone).</param>
public sealed record MigrationResult(IReadOnlyList<AppliedSqlFile> Applied, int AlreadyApplied);

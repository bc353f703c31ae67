namespace LsatsHub.Warehouse.Schema;

/// <summary>What <see cref="SchemaInstaller.InitAsync"/> applied.</summary>
/// <param name="Files">The files, in the order they were applied and committed.</param>
public sealed record SchemaInstallResult(IReadOnlyList<AppliedSqlFile> Files);

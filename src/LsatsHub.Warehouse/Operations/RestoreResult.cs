namespace LsatsHub.Warehouse.Operations;

/// <summary>What a restore restored, and where.</summary>
/// <param name="Dump">The dump restored.</param>
/// <param name="Contents">What it held.</param>
/// <param name="Database">The database restored into (host:port/name, no password).</param>
/// <param name="CreatedDatabase">True when the target database was created for this restore (a drill).</param>
public sealed record RestoreResult(BackupFile Dump, DumpContents Contents, string Database, bool CreatedDatabase);

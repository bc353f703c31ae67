namespace LsatsHub.Warehouse.Operations;

/// <summary>What one backup produced.</summary>
/// <param name="Backup">The new, verified backup.</param>
/// <param name="Contents">What pg_restore --list found in it.</param>
/// <param name="Copies">Where it was copied, one line each.</param>
/// <param name="Deleted">Old backups removed by retention.</param>
/// <param name="Kept">The backups left in the folder, newest first.</param>
public sealed record BackupResult(
    BackupFile Backup,
    DumpContents Contents,
    IReadOnlyList<string> Copies,
    IReadOnlyList<BackupFile> Deleted,
    IReadOnlyList<BackupFile> Kept);

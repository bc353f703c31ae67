using LsatsHub.Warehouse.Snapshots;

namespace LsatsHub.Warehouse.Operations;

/// <summary>The daily backups in a folder (top level only, as the seed's <c>find</c> did), newest first.</summary>
public static class BackupFolder
{
    /// <summary>
    /// Daily backup names, <c>lsats_db_YYYYMMDD_HHMMSS.dump</c>: pre-silver snapshots and hand-named
    /// files never match, so they are never pruned.
    /// </summary>
    public static DumpFileName Names { get; } = new("lsats_db_");

    /// <summary>Lists the complete daily backups; partial files, snapshots and other files are not listed.</summary>
    /// <param name="directory">The backup folder; a missing folder has no backups.</param>
    /// <returns>Newest first.</returns>
    public static IReadOnlyList<BackupFile> List(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return new DirectoryInfo(directory).EnumerateFiles(Names.Prefix + "*")
            .Select(file => Names.TryParse(file.Name, out var takenAt, out var sequence, out var partial) && !partial
                ? new BackupFile(file.Name, file.FullName, file.Length, takenAt, sequence)
                : null)
            .OfType<BackupFile>()
            .OrderByDescending(backup => (backup.TakenAt, backup.Sequence))
            .ToList();
    }
}

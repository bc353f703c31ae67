namespace LsatsHub.Warehouse.Operations;

/// <summary>
/// Which daily backups are old enough to delete: older than the retention (by the time in their
/// name), except the newest, which is kept whatever its age so a stalled backup job never leaves
/// the folder empty.
/// </summary>
public static class BackupRetention
{
    /// <summary>The backups to delete.</summary>
    /// <param name="backups">The complete backups (any order).</param>
    /// <param name="now">The current time.</param>
    /// <param name="retention">How long to keep a backup.</param>
    /// <returns>The expired backups, oldest first; never the newest.</returns>
    public static IReadOnlyList<BackupFile> Expired(IEnumerable<BackupFile> backups, DateTimeOffset now, TimeSpan retention)
    {
        ArgumentNullException.ThrowIfNull(backups);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        var cutoff = now - retention;
        return backups
            .OrderByDescending(backup => (backup.TakenAt, backup.Sequence))
            .Skip(1)
            .Where(backup => backup.TakenAt < cutoff)
            .OrderBy(backup => (backup.TakenAt, backup.Sequence))
            .ToList();
    }
}

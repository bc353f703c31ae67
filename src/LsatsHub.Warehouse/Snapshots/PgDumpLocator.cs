namespace LsatsHub.Warehouse.Snapshots;

/// <summary>
/// Finds a PostgreSQL client program (pg_dump, pg_restore) to run: a configured path as is; a bare
/// name in the configured bin folder (or <c>$LSATS_PG_BINDIR</c>) if set, else on PATH.
/// </summary>
public static class PgDumpLocator
{
    /// <summary>Resolves the program to a full path.</summary>
    /// <param name="configured">A bare program name (<c>pg_dump</c>) or a path to it.</param>
    /// <param name="configuredBinDirectory">The PostgreSQL bin folder, or null to use <c>$LSATS_PG_BINDIR</c>, else PATH.</param>
    /// <returns>The full path of an existing file.</returns>
    /// <exception cref="SnapshotFailedException">The program is not where it was looked for; the message names every place.</exception>
    public static string Resolve(string configured, string? configuredBinDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configured);
        var program = Path.GetFileName(configured);
        if (configured.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || configured.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(configured);
            return File.Exists(path)
                ? path
                : throw new SnapshotFailedException($"{program} not found at '{path}' (the configured {program} path). Install the PostgreSQL client or fix the path.");
        }

        var fromOptions = !string.IsNullOrWhiteSpace(configuredBinDirectory);
        var binDirectory = fromOptions ? configuredBinDirectory : Environment.GetEnvironmentVariable(SnapshotOptions.BinDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(binDirectory))
        {
            // An operator who names the folder means that version; falling back to another program could dump with the wrong one.
            var path = Path.Combine(binDirectory, configured);
            return File.Exists(path)
                ? path
                : throw new SnapshotFailedException(fromOptions
                    ? $"{program} not found at '{path}' (the PostgreSQL bin folder is configured as '{binDirectory}')."
                    : $"{program} not found at '{path}' ({SnapshotOptions.BinDirectoryVariable} is set to '{binDirectory}').");
        }

        var searchPath = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var folder in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(folder, configured);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new SnapshotFailedException(
            $"'{configured}' not found on PATH ({searchPath}). Install the PostgreSQL client (postgresql-client) or set {SnapshotOptions.BinDirectoryVariable} to the folder holding {program}.");
    }
}

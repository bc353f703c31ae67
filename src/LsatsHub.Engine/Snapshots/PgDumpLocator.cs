namespace LsatsHub.Engine.Snapshots;

/// <summary>Finds the pg_dump to run: a configured path as is; a bare name in the configured bin folder (or <c>$LSATS_PG_BINDIR</c>) if set, else on PATH.</summary>
internal static class PgDumpLocator
{
    public static string Resolve(string configured, string? configuredBinDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configured);
        if (configured.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || configured.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(configured);
            return File.Exists(path)
                ? path
                : throw new SnapshotFailedException($"pg_dump not found at '{path}' (the configured pg_dump path). Install the PostgreSQL client or fix the path.");
        }

        var fromOptions = !string.IsNullOrWhiteSpace(configuredBinDirectory);
        var binDirectory = fromOptions ? configuredBinDirectory : Environment.GetEnvironmentVariable(SnapshotOptions.BinDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(binDirectory))
        {
            // An operator who names the folder means that version; falling back to another pg_dump could dump with the wrong one.
            var path = Path.Combine(binDirectory, configured);
            return File.Exists(path)
                ? path
                : throw new SnapshotFailedException(fromOptions
                    ? $"pg_dump not found at '{path}' (the PostgreSQL bin folder is configured as '{binDirectory}')."
                    : $"pg_dump not found at '{path}' ({SnapshotOptions.BinDirectoryVariable} is set to '{binDirectory}').");
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
            $"'{configured}' not found on PATH ({searchPath}). Install the PostgreSQL client (postgresql-client) or set {SnapshotOptions.BinDirectoryVariable} to the folder holding pg_dump.");
    }
}

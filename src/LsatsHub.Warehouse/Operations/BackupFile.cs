namespace LsatsHub.Warehouse.Operations;

/// <summary>One complete dump on disk: a daily backup or a pre-silver snapshot.</summary>
/// <param name="Name">The file name.</param>
/// <param name="FullPath">Its full path.</param>
/// <param name="SizeBytes">Its size.</param>
/// <param name="TakenAt">When it was taken (UTC, from its name).</param>
/// <param name="Sequence">1, or 2, 3... for more dumps in the same second.</param>
public sealed record BackupFile(string Name, string FullPath, long SizeBytes, DateTimeOffset TakenAt, int Sequence = 1);

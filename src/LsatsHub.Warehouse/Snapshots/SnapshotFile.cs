namespace LsatsHub.Warehouse.Snapshots;

/// <summary>One snapshot on disk.</summary>
/// <param name="Name">The file name, e.g. <c>pre_silver_20261125_020001.dump</c>.</param>
/// <param name="FullPath">Its full path.</param>
/// <param name="SizeBytes">Its size.</param>
/// <param name="TakenAt">When it was taken (UTC, from its name).</param>
public sealed record SnapshotFile(string Name, string FullPath, long SizeBytes, DateTimeOffset TakenAt);

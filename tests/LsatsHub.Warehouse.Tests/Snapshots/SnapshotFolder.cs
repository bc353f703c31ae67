namespace LsatsHub.Warehouse.Tests.Snapshots;

/// <summary>A fresh temporary folder, deleted on dispose.</summary>
internal sealed class SnapshotFolder : IDisposable
{
    public SnapshotFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lsats-snapshot-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string[] FileNames() => [.. Directory.GetFiles(Path).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal)!];

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

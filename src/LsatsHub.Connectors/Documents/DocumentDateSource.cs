namespace LsatsHub.Connectors.Documents;

/// <summary>Where a document's date came from.</summary>
public enum DocumentDateSource
{
    /// <summary>A date in the file name (<c>_2025_03_01</c>, <c>_2025-03</c>, <c>_20250301</c>).</summary>
    FileName,

    /// <summary>The file's last modification time (no date in the name).</summary>
    ModificationTime,
}

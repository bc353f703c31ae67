namespace LsatsHub.Connectors.Documents;

/// <summary>The outcome of looking for the newest document of a kind: a file, or why there is none.</summary>
public sealed record DocumentLookup
{
    private DocumentLookup(DocumentFile? file, string? missingReason)
    {
        File = file;
        MissingReason = missingReason;
    }

    /// <summary>The newest file, or null.</summary>
    public DocumentFile? File { get; }

    /// <summary>Why no file was found (for people), or null.</summary>
    public string? MissingReason { get; }

    /// <summary>A file was found.</summary>
    /// <param name="file">The file.</param>
    /// <returns>The lookup.</returns>
    public static DocumentLookup Found(DocumentFile file) => new(file ?? throw new ArgumentNullException(nameof(file)), null);

    /// <summary>No file.</summary>
    /// <param name="reason">Why, naming the folder and pattern.</param>
    /// <returns>The lookup.</returns>
    public static DocumentLookup Missing(string reason) => new(null, reason);
}

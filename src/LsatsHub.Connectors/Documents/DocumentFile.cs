namespace LsatsHub.Connectors.Documents;

/// <summary>The document chosen for a step.</summary>
/// <param name="Path">Its full path.</param>
/// <param name="Date">The date it was chosen by.</param>
/// <param name="DateSource">Whether the date came from the name or the modification time.</param>
public sealed record DocumentFile(string Path, DateTimeOffset Date, DocumentDateSource DateSource);

namespace LsatsHub.Connectors.Documents;

/// <summary>
/// One data row of a document: column name → value. Values are <see cref="string"/> (trimmed), <see cref="long"/>,
/// <see cref="double"/>, <see cref="bool"/>, <see cref="DateTime"/> or null for a blank cell. A row the reader could not
/// take apart carries a <see cref="Problem"/> instead (its values are whatever could be read).
/// </summary>
/// <param name="Number">1-based data row number (the header is not counted).</param>
/// <param name="Values">The cells by column name.</param>
/// <param name="Problem">Why the row is malformed, or null.</param>
public sealed record DocumentRow(int Number, IReadOnlyDictionary<string, object?> Values, string? Problem = null);

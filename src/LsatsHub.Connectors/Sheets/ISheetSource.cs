namespace LsatsHub.Connectors.Sheets;

/// <summary>
/// A spreadsheet the workflows read and annotate: the Google Sheets v4 API (<see cref="GoogleSheetsSource"/>) or an
/// exported CSV/XLSX of the same sheet (<see cref="FileSheetSource"/>), read the same way: a tab's rows under a header row,
/// any A1 range, and one cell written at a time (the compliance <c>Ticket</c> cell).
/// </summary>
public interface ISheetSource
{
    /// <summary>
    /// What the sheet is, stable across runs and never a secret: <c>google-sheets:{spreadsheet id}</c> or
    /// <c>file:{full path}</c>. Workflows key what they remember about a sheet by it.
    /// </summary>
    string Key { get; }

    /// <summary>A line for people: which sheet or file, e.g. for the start of a command's output.</summary>
    string Description { get; }

    /// <summary>Reads the values of a range, row by row from its first row; trailing blank cells and rows may be left out.</summary>
    /// <param name="range">The range.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows, each its cells from the range's first column.</returns>
    /// <exception cref="ConnectorException">The sheet, tab or range cannot be read; the message says which.</exception>
    Task<IReadOnlyList<IReadOnlyList<string>>> ReadRangeAsync(SheetRange range, CancellationToken cancellationToken);

    /// <summary>Writes one cell as a person typing it would (<c>USER_ENTERED</c>: a leading <c>=</c> is a formula).</summary>
    /// <param name="tab">The tab.</param>
    /// <param name="row">The 1-based row.</param>
    /// <param name="column">The 1-based column.</param>
    /// <param name="value">The text to enter.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ConnectorException">The cell could not be written.</exception>
    Task WriteCellAsync(string tab, int row, int column, string value, CancellationToken cancellationToken);
}

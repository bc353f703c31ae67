namespace LsatsHub.Connectors.Sheets;

/// <summary>
/// The rows of one tab under a header row: row <see cref="HeaderRow"/> names the columns, the rows below it are data
/// (rows above it, e.g. a title row, are ignored). Columns are found by header text, trimmed and case-insensitive, so a
/// reordered or renamed-in-case column still reads; a missing one is a clear error (<see cref="RequireColumns"/>).
/// </summary>
public sealed class SheetTable
{
    private readonly Dictionary<string, int> _columns;

    private SheetTable(string tab, int headerRow, IReadOnlyList<string> headers, IReadOnlyList<SheetRow> rows, Dictionary<string, int> columns)
    {
        Tab = tab;
        HeaderRow = headerRow;
        Headers = headers;
        Rows = rows;
        _columns = columns;
    }

    /// <summary>The tab name.</summary>
    public string Tab { get; }

    /// <summary>The 1-based row that holds the headers.</summary>
    public int HeaderRow { get; }

    /// <summary>The header texts as written (untrimmed), by column (index 0 = column A).</summary>
    public IReadOnlyList<string> Headers { get; }

    /// <summary>The data rows below the header, in sheet order; rows whose every cell is blank are left out.</summary>
    public IReadOnlyList<SheetRow> Rows { get; }

    /// <summary>
    /// Builds the table from the tab's values as the Sheets API returns them for <c>Tab!A1:…</c>: <paramref name="values"/>[0]
    /// is row 1; rows and cells may be ragged (Sheets leaves trailing blanks out).
    /// </summary>
    /// <param name="tab">The tab name.</param>
    /// <param name="headerRow">The 1-based header row.</param>
    /// <param name="values">The values from row 1 on.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ConnectorException">The tab has no row <paramref name="headerRow"/>.</exception>
    public static SheetTable FromValues(string tab, int headerRow, IReadOnlyList<IReadOnlyList<string>> values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tab);
        ArgumentOutOfRangeException.ThrowIfLessThan(headerRow, 1);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < headerRow || values[headerRow - 1].All(string.IsNullOrWhiteSpace))
        {
            throw new ConnectorException($"Tab '{tab}' has no header row {headerRow} (it has {values.Count} row(s)).");
        }

        var headers = values[headerRow - 1];
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < headers.Count; i++)
        {
            // The first of two equally named columns wins, as the original's pandas column lookup did.
            var name = headers[i].Trim();
            if (name.Length > 0)
            {
                columns.TryAdd(name, i + 1);
            }
        }

        var rows = new List<SheetRow>();
        var table = new SheetTable(tab, headerRow, headers, rows, columns);
        for (var r = headerRow; r < values.Count; r++)
        {
            if (values[r].Any(cell => !string.IsNullOrWhiteSpace(cell)))
            {
                rows.Add(new SheetRow(table, r + 1, values[r]));
            }
        }

        return table;
    }

    /// <summary>The 1-based column of a header, or null.</summary>
    /// <param name="header">The header text (trimmed, any case).</param>
    /// <returns>The column, or null when no header has that text.</returns>
    public int? ColumnOf(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return _columns.TryGetValue(header.Trim(), out var column) ? column : null;
    }

    /// <summary>Throws unless every header is present.</summary>
    /// <param name="headers">The headers the caller reads.</param>
    /// <exception cref="ConnectorException">Names the missing headers and the row and tab they were looked for in.</exception>
    public void RequireColumns(params string[] headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var missing = headers.Where(h => ColumnOf(h) is null).ToList();
        if (missing.Count > 0)
        {
            throw new ConnectorException(
                $"Tab '{Tab}' row {HeaderRow} has no column{(missing.Count > 1 ? "s" : string.Empty)} {string.Join(", ", missing.Select(m => "'" + m + "'"))} "
                + $"(headers: {string.Join(", ", Headers.Where(h => h.Trim().Length > 0).Select(h => "'" + h.Trim() + "'"))}).");
        }
    }
}

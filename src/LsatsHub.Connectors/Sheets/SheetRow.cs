namespace LsatsHub.Connectors.Sheets;

/// <summary>One data row of a <see cref="SheetTable"/>: its 1-based row number in the sheet and its cells.</summary>
public sealed class SheetRow
{
    private readonly SheetTable _table;

    internal SheetRow(SheetTable table, int rowNumber, IReadOnlyList<string> cells)
    {
        _table = table;
        RowNumber = rowNumber;
        Cells = cells;
    }

    /// <summary>The 1-based row number in the sheet (what a cell write addresses).</summary>
    public int RowNumber { get; }

    /// <summary>The cells as read, index 0 = column A; may be shorter than the header (trailing blanks left out).</summary>
    public IReadOnlyList<string> Cells { get; }

    /// <summary>The cell under a header, untrimmed; empty when the cell is blank or the header does not exist.</summary>
    /// <param name="header">The header text (trimmed, any case).</param>
    /// <returns>The cell text.</returns>
    public string this[string header] => _table.ColumnOf(header) is { } column && column <= Cells.Count ? Cells[column - 1] ?? string.Empty : string.Empty;

    /// <summary>The trimmed cell under a header, or null when it is blank.</summary>
    /// <param name="header">The header text.</param>
    /// <returns>The trimmed text, or null.</returns>
    public string? Value(string header) => this[header].Trim() is { Length: > 0 } text ? text : null;
}

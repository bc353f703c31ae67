namespace LsatsHub.Connectors.Sheets;

/// <summary>Reading a tab as a table, the same for every <see cref="ISheetSource"/>.</summary>
public static class SheetSourceExtensions
{
    /// <summary>Reads a whole tab and returns its rows under <paramref name="headerRow"/>.</summary>
    /// <param name="source">The sheet.</param>
    /// <param name="tab">The tab name, e.g. <c>March</c>.</param>
    /// <param name="headerRow">The 1-based header row (2 for the compliance month tab, 6 for the unit assignments).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ConnectorException">The tab cannot be read or has no such header row.</exception>
    public static async Task<SheetTable> ReadTableAsync(this ISheetSource source, string tab, int headerRow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var values = await source.ReadRangeAsync(new SheetRange(tab), cancellationToken).ConfigureAwait(false);
        return SheetTable.FromValues(tab, headerRow, values);
    }

    /// <summary>Writes one cell of a table row under a header (the column is the header's).</summary>
    /// <param name="source">The sheet.</param>
    /// <param name="table">The table the row came from.</param>
    /// <param name="row">The row.</param>
    /// <param name="header">The header of the column to write.</param>
    /// <param name="value">The text to enter (<c>USER_ENTERED</c>).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ConnectorException">The table has no such column, or the write failed.</exception>
    public static Task WriteCellAsync(this ISheetSource source, SheetTable table, SheetRow row, string header, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(row);
        table.RequireColumns(header);
        return source.WriteCellAsync(table.Tab, row.RowNumber, table.ColumnOf(header)!.Value, value, cancellationToken);
    }
}

using System.Runtime.CompilerServices;
using MiniExcelLibs;

namespace LsatsHub.Connectors.Documents;

/// <summary>
/// Reads the KeyConfigure computers workbook (first sheet, first row = column names) row by row with MiniExcel's
/// streaming reader. Cells keep their type: text (trimmed, blank → null), whole numbers as <see cref="long"/>, other
/// numbers as <see cref="double"/>, dates as <see cref="DateTime"/>. Rows with no value at all are skipped.
/// </summary>
public static class KeyConfigureXlsxReader
{
    /// <summary>Streams the rows of <paramref name="path"/>.</summary>
    /// <param name="path">The XLSX file.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The rows in sheet order.</returns>
    /// <exception cref="ConnectorException">The file cannot be opened or is not a workbook.</exception>
    public static async IAsyncEnumerable<DocumentRow> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        await Task.Yield();
        using var enumerator = Open(path);
        var number = 0;
        while (MoveNext(enumerator, path))
        {
            cancellationToken.ThrowIfCancellationRequested();
            number++;
            if (enumerator.Current is not IDictionary<string, object?> cells)
            {
                yield return new DocumentRow(number, new Dictionary<string, object?>(), "is not a row of named cells");
                continue;
            }

            var values = new Dictionary<string, object?>(cells.Count, StringComparer.Ordinal);
            foreach (var (column, cell) in cells)
            {
                if (!string.IsNullOrWhiteSpace(column))
                {
                    values[column.Trim()] = Normalise(cell);
                }
            }

            if (values.Values.All(value => value is null))
            {
                continue;
            }

            yield return new DocumentRow(number, values);
        }
    }

    private static IEnumerator<dynamic> Open(string path)
    {
        try
        {
            return MiniExcel.Query(path, useHeaderRow: true, excelType: ExcelType.XLSX).GetEnumerator();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new ConnectorException($"Cannot read {path} as a workbook: {exception.Message}", exception);
        }
    }

    private static bool MoveNext(IEnumerator<dynamic> enumerator, string path)
    {
        try
        {
            return enumerator.MoveNext();
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or System.Xml.XmlException or InvalidOperationException)
        {
            throw new ConnectorException($"Cannot read {path} as a workbook: {exception.Message}", exception);
        }
    }

    private static object? Normalise(object? cell) => cell switch
    {
        null => null,
        string text => text.Trim() is { Length: > 0 } trimmed ? trimmed : null,
        double number when double.IsFinite(number) && Math.Floor(number) == number && Math.Abs(number) < 1e15 => (long)number,
        float number => Normalise((double)number),
        decimal number => Normalise((double)number),
        int number => (long)number,
        DateTime date => date,
        bool flag => flag,
        _ => Convert.ToString(cell, System.Globalization.CultureInfo.InvariantCulture),
    };
}

using System.Globalization;
using CsvHelper;
using MiniExcelLibs;

namespace LsatsHub.Connectors.Sheets;

/// <summary>
/// An exported copy of a spreadsheet read like the live one: an <c>.xlsx</c> (every tab a worksheet) or a <c>.csv</c> (one
/// tab per file, as Sheets exports them). The export itself is never rewritten: a cell write is appended to a sidecar file
/// beside it, <c>{file}.edits.csv</c> (<c>Tab,Row,Column,Cell,Value</c>), and every read lays the sidecar's cells over the
/// export (the last write of a cell wins), so a second run from the same export sees what the first one wrote, and the
/// operator can copy the values into the live sheet. A CSV holds the tab <see cref="MainTab"/>; another tab <c>T</c> is read
/// from a sibling file <c>T.csv</c>, or <c>{name} - T.csv</c> when the main file is named <c>{name} - {tab}.csv</c>
/// (the name Sheets gives a downloaded tab).
/// </summary>
public sealed class FileSheetSource : ISheetSource
{
    private static readonly string[] EditColumns = ["Tab", "Row", "Column", "Cell", "Value"];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, List<string[]>> _tabs = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<(string Tab, int Row, int Column), string>? _edits;

    private FileSheetSource(string path, bool isCsv, string? mainTab)
    {
        Path = path;
        IsCsv = isCsv;
        MainTab = mainTab;
        EditsPath = path + ".edits.csv";
    }

    /// <summary>The export's full path.</summary>
    public string Path { get; }

    /// <summary>The sidecar the cell writes go to.</summary>
    public string EditsPath { get; }

    /// <summary>True for a CSV export.</summary>
    public bool IsCsv { get; }

    /// <summary>For a CSV, the tab the file itself holds.</summary>
    public string? MainTab { get; }

    /// <inheritdoc />
    public string Key => "file:" + Path;

    /// <inheritdoc />
    public string Description => $"{(IsCsv ? "CSV" : "XLSX")} export {Path} (cell writes go to {EditsPath})";

    /// <summary>Opens an export.</summary>
    /// <param name="path">A <c>.csv</c> or <c>.xlsx</c> file.</param>
    /// <param name="mainTab">For a CSV, the tab it holds (e.g. <c>March</c>); ignored for an XLSX.</param>
    /// <returns>The source.</returns>
    /// <exception cref="ConnectorException">The file does not exist or is neither CSV nor XLSX.</exception>
    public static FileSheetSource Open(string path, string? mainTab)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ConnectorException($"Sheet file {full} does not exist.");
        }

        var extension = System.IO.Path.GetExtension(full).ToLowerInvariant();
        return extension switch
        {
            ".csv" => new FileSheetSource(full, true, string.IsNullOrWhiteSpace(mainTab) ? System.IO.Path.GetFileNameWithoutExtension(full) : mainTab.Trim()),
            ".xlsx" => new FileSheetSource(full, false, null),
            _ => throw new ConnectorException($"Sheet file {full} is neither .csv nor .xlsx."),
        };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IReadOnlyList<string>>> ReadRangeAsync(SheetRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(range);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var grid = await TabAsync(range.Tab, cancellationToken).ConfigureAwait(false);
            var edits = await EditsAsync(cancellationToken).ConfigureAwait(false);
            var rowCount = Math.Max(grid.Count, edits.Keys.Where(k => string.Equals(k.Tab, range.Tab, StringComparison.OrdinalIgnoreCase)).Select(k => k.Row).DefaultIfEmpty(0).Max());
            var rows = new List<IReadOnlyList<string>>();
            for (var r = range.FirstRow; r <= (range.LastRow is { } last ? Math.Min(last, rowCount) : rowCount); r++)
            {
                var source = r <= grid.Count ? grid[r - 1] : [];
                var width = Math.Max(source.Length, edits.Keys.Where(k => k.Row == r && string.Equals(k.Tab, range.Tab, StringComparison.OrdinalIgnoreCase)).Select(k => k.Column).DefaultIfEmpty(0).Max());
                var cells = new List<string>();
                for (var c = range.FirstColumn; c <= (range.LastColumn is { } lastColumn ? Math.Min(lastColumn, width) : width); c++)
                {
                    cells.Add(edits.TryGetValue((range.Tab.ToUpperInvariant(), r, c), out var edited) ? edited : c <= source.Length ? source[c - 1] : string.Empty);
                }

                // As the Sheets API does: no trailing blank cells.
                while (cells.Count > 0 && cells[^1].Length == 0)
                {
                    cells.RemoveAt(cells.Count - 1);
                }

                rows.Add(cells);
            }

            while (rows.Count > 0 && rows[^1].Count == 0)
            {
                rows.RemoveAt(rows.Count - 1);
            }

            return rows;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task WriteCellAsync(string tab, int row, int column, string value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tab);
        ArgumentOutOfRangeException.ThrowIfLessThan(row, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(column, 1);
        ArgumentNullException.ThrowIfNull(value);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _ = await TabAsync(tab, cancellationToken).ConfigureAwait(false);
            var edits = await EditsAsync(cancellationToken).ConfigureAwait(false);
            var isNew = !File.Exists(EditsPath) || new FileInfo(EditsPath).Length == 0;
            try
            {
                // Appended and flushed one record at a time: a crash loses at most the write that was under way.
                await using var stream = new FileStream(EditsPath, FileMode.Append, FileAccess.Write, FileShare.Read);
                await using var writer = new StreamWriter(stream);
                using (var csv = CsvWriter.Create(writer, CsvWriterOptions.Default, true))
                {
                    if (isNew)
                    {
                        foreach (var name in EditColumns)
                        {
                            csv.WriteField(name);
                        }

                        csv.EndRecord();
                    }

                    csv.WriteField(tab);
                    csv.WriteField(row.ToString(CultureInfo.InvariantCulture));
                    csv.WriteField(column.ToString(CultureInfo.InvariantCulture));
                    csv.WriteField(SheetRange.Cell(tab, row, column).ToString());
                    csv.WriteField(value);
                    csv.EndRecord();
                    csv.Flush();
                }

                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new ConnectorException($"Cannot write {EditsPath}: {exception.Message}", exception);
            }

            edits[(tab.ToUpperInvariant(), row, column)] = value;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<List<string[]>> TabAsync(string tab, CancellationToken cancellationToken)
    {
        if (_tabs.TryGetValue(tab, out var cached))
        {
            return cached;
        }

        var grid = IsCsv ? await ReadCsvAsync(CsvFileOf(tab), cancellationToken).ConfigureAwait(false) : await ReadXlsxAsync(tab, cancellationToken).ConfigureAwait(false);
        _tabs[tab] = grid;
        return grid;
    }

    private string CsvFileOf(string tab)
    {
        if (string.Equals(tab, MainTab, StringComparison.OrdinalIgnoreCase))
        {
            return Path;
        }

        var folder = System.IO.Path.GetDirectoryName(Path)!;
        var name = System.IO.Path.GetFileNameWithoutExtension(Path);
        var candidates = new List<string> { System.IO.Path.Combine(folder, tab + ".csv") };
        var dash = name.LastIndexOf(" - ", StringComparison.Ordinal);
        if (dash > 0)
        {
            candidates.Add(System.IO.Path.Combine(folder, name[..dash] + " - " + tab + ".csv"));
        }

        return candidates.FirstOrDefault(File.Exists)
            ?? throw new ConnectorException($"Tab '{tab}' of the CSV export {Path}: no file {string.Join(" or ", candidates)}.");
    }

    private static async Task<List<string[]>> ReadCsvAsync(string path, CancellationToken cancellationToken)
    {
        var options = CsvReaderOptions.Default with { Separator = ',', HasHeader = false, TrimWhitespace = false };
        var grid = new List<string[]>();
        try
        {
            await using var csv = CsvReader.FromFile(path, options);
            while (await csv.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var cells = new string[csv.FieldCount];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = csv.GetString(i);
                }

                grid.Add(cells);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ConnectorException($"Cannot read {path}: {exception.Message}", exception);
        }

        return grid;
    }

    private async Task<List<string[]>> ReadXlsxAsync(string tab, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> sheets;
        try
        {
            sheets = MiniExcel.GetSheetNames(Path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new ConnectorException($"Cannot read {Path}: {exception.Message}", exception);
        }

        var sheet = sheets.FirstOrDefault(s => string.Equals(s.Trim(), tab.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ConnectorException($"{Path} has no tab '{tab}' (tabs: {string.Join(", ", sheets.Select(s => "'" + s + "'"))}).");
        var grid = new List<string[]>();
        var rows = await MiniExcel.QueryAsync(Path, useHeaderRow: false, sheetName: sheet, excelType: ExcelType.XLSX, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (IDictionary<string, object?> row in rows)
        {
            var width = row.Where(kv => !IsBlank(kv.Value)).Select(kv => SheetRange.ColumnNumber(kv.Key)).DefaultIfEmpty(0).Max();
            var cells = new string[width];
            foreach (var (key, value) in row)
            {
                var column = SheetRange.ColumnNumber(key);
                if (column <= width)
                {
                    cells[column - 1] = Text(value);
                }
            }

            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] ??= string.Empty;
            }

            grid.Add(cells);
        }

        return grid;
    }

    private async Task<Dictionary<(string Tab, int Row, int Column), string>> EditsAsync(CancellationToken cancellationToken)
    {
        if (_edits is not null)
        {
            return _edits;
        }

        var edits = new Dictionary<(string Tab, int Row, int Column), string>();
        if (File.Exists(EditsPath))
        {
            var grid = await ReadCsvAsync(EditsPath, cancellationToken).ConfigureAwait(false);
            foreach (var (record, index) in grid.Select((r, i) => (r, i)).Skip(1))
            {
                if (record.Length < EditColumns.Length
                    || !int.TryParse(record[1], NumberStyles.None, CultureInfo.InvariantCulture, out var row)
                    || !int.TryParse(record[2], NumberStyles.None, CultureInfo.InvariantCulture, out var column))
                {
                    // A record cut short by a crash mid-write is the only way to get here; the ones before it stand.
                    throw new ConnectorException($"{EditsPath} line {index + 1} is not a Tab,Row,Column,Cell,Value record; fix or remove that line.");
                }

                edits[(record[0].ToUpperInvariant(), row, column)] = record[4];
            }
        }

        _edits = edits;
        return edits;
    }

    private static bool IsBlank(object? value) => value is null || (value is string s && s.Length == 0);

    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}

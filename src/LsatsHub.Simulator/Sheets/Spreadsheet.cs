using System.Text.RegularExpressions;

namespace LsatsHub.Simulator.Sheets;

/// <summary>
/// One simulated Google spreadsheet: tabs of cells as entered. Reads return the displayed value (a <c>=HYPERLINK(url,
/// label)</c> shows its label) or, on request, the formula; trailing blank cells and rows are left out as Sheets does.
/// </summary>
public sealed partial class Spreadsheet
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<List<string>>> _tabs = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Creates an empty spreadsheet.</summary>
    /// <param name="id">The spreadsheet id.</param>
    /// <param name="title">Its title.</param>
    public Spreadsheet(string id, string title)
    {
        Id = id;
        Title = title;
    }

    /// <summary>The id (the long token in the sheet's URL).</summary>
    public string Id { get; }

    /// <summary>The title (an export names its files after it).</summary>
    public string Title { get; }

    /// <summary>The tab names in order.</summary>
    public IReadOnlyList<string> Tabs
    {
        get
        {
            lock (_gate)
            {
                return [.. _order];
            }
        }
    }

    /// <summary>Adds (or replaces) a tab with its rows as entered, row 1 first.</summary>
    /// <param name="name">The tab name.</param>
    /// <param name="rows">The rows.</param>
    public void SetTab(string name, IEnumerable<IEnumerable<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        lock (_gate)
        {
            if (!_tabs.ContainsKey(name))
            {
                _order.Add(name);
            }

            _tabs[name] = [.. rows.Select(r => r.ToList())];
        }
    }

    /// <summary>The cells of a tab as entered (formulas as formulas), row 1 first; a copy.</summary>
    /// <param name="name">The tab name.</param>
    /// <returns>The rows.</returns>
    public IReadOnlyList<IReadOnlyList<string>> Entered(string name)
    {
        lock (_gate)
        {
            return [.. Find(name).Select(r => (IReadOnlyList<string>)[.. r])];
        }
    }

    /// <summary>Reads a range as <c>values.get</c> does.</summary>
    /// <param name="range">The range.</param>
    /// <param name="formulas">True for <c>valueRenderOption=FORMULA</c>.</param>
    /// <returns>The rows, or null when the tab does not exist.</returns>
    public List<List<string>>? Read(A1Range range, bool formulas)
    {
        ArgumentNullException.ThrowIfNull(range);
        lock (_gate)
        {
            if (FindOrNull(range.Tab) is not { } grid)
            {
                return null;
            }

            var rows = new List<List<string>>();
            var lastRow = range.LastRow is { } l ? Math.Min(l, grid.Count) : grid.Count;
            for (var r = range.FirstRow; r <= lastRow; r++)
            {
                var source = grid[r - 1];
                var lastColumn = range.LastColumn is { } c ? Math.Min(c, source.Count) : source.Count;
                var cells = new List<string>();
                for (var column = range.FirstColumn; column <= lastColumn; column++)
                {
                    cells.Add(formulas ? source[column - 1] : Displayed(source[column - 1]));
                }

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
    }

    /// <summary>Writes values from the range's top-left cell as <c>values.update</c> does.</summary>
    /// <param name="range">The range.</param>
    /// <param name="values">The rows of values.</param>
    /// <returns>The number of cells written, or null when the tab does not exist.</returns>
    public int? Write(A1Range range, IReadOnlyList<IReadOnlyList<string>> values)
    {
        ArgumentNullException.ThrowIfNull(range);
        ArgumentNullException.ThrowIfNull(values);
        lock (_gate)
        {
            if (FindOrNull(range.Tab) is not { } grid)
            {
                return null;
            }

            var written = 0;
            for (var i = 0; i < values.Count; i++)
            {
                var r = range.FirstRow + i;
                while (grid.Count < r)
                {
                    grid.Add([]);
                }

                for (var j = 0; j < values[i].Count; j++)
                {
                    var column = range.FirstColumn + j;
                    var row = grid[r - 1];
                    while (row.Count < column)
                    {
                        row.Add(string.Empty);
                    }

                    row[column - 1] = values[i][j];
                    written++;
                }
            }

            return written;
        }
    }

    /// <summary>What a cell shows: a HYPERLINK's label, else the text as entered.</summary>
    /// <param name="entered">The cell as entered.</param>
    /// <returns>The displayed text.</returns>
    public static string Displayed(string entered)
    {
        ArgumentNullException.ThrowIfNull(entered);
        var link = Hyperlink().Match(entered);
        return link.Success ? link.Groups["label"].Value.Trim().Trim('"') : entered;
    }

    private List<List<string>> Find(string name) => FindOrNull(name) ?? throw new KeyNotFoundException($"No tab '{name}'.");

    private List<List<string>>? FindOrNull(string name) =>
        _tabs.TryGetValue(name, out var grid) ? grid : _tabs.FirstOrDefault(t => string.Equals(t.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    [GeneratedRegex("""^=HYPERLINK\(\s*"[^"]*"\s*[,;]\s*(?<label>"[^"]*"|[^)]*)\)\s*$""", RegexOptions.IgnoreCase)]
    private static partial Regex Hyperlink();
}

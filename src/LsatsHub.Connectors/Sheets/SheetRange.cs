using System.Globalization;
using System.Text;

namespace LsatsHub.Connectors.Sheets;

/// <summary>
/// A block of cells of one tab in A1 notation, as the Sheets v4 API names it: <c>March!A1:Z</c>, <c>TDX!H2:H</c>,
/// <c>'Unit Assignments'!A6:F</c>, or a whole tab (<c>March</c>). Rows and columns are 1-based; an open end (no last
/// row or column) means "to the end of the data".
/// </summary>
/// <param name="Tab">The tab (sheet) name.</param>
/// <param name="FirstRow">First row, 1-based.</param>
/// <param name="FirstColumn">First column, 1-based (A = 1).</param>
/// <param name="LastRow">Last row, or null for "to the end".</param>
/// <param name="LastColumn">Last column, or null for "to the end".</param>
public sealed record SheetRange(string Tab, int FirstRow = 1, int FirstColumn = 1, int? LastRow = null, int? LastColumn = null)
{
    // The widest column a Google sheet can have (18,278 columns).
    private const string MaxColumnLetters = "ZZZ";

    /// <summary>One cell.</summary>
    /// <param name="tab">The tab.</param>
    /// <param name="row">The row, 1-based.</param>
    /// <param name="column">The column, 1-based.</param>
    /// <returns>The range of that cell.</returns>
    public static SheetRange Cell(string tab, int row, int column) => new(tab, row, column, row, column);

    /// <summary>Parses A1 notation: <c>Tab</c>, <c>Tab!A1</c>, <c>Tab!A1:C9</c>, <c>Tab!H2:H</c>, <c>Tab!A:C</c>, <c>'My Tab'!B3:D</c>.</summary>
    /// <param name="a1">The text.</param>
    /// <returns>The range.</returns>
    /// <exception cref="FormatException">The text is not A1 notation.</exception>
    public static SheetRange Parse(string a1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(a1);
        string tab;
        string cells;
        if (a1.StartsWith('\''))
        {
            var close = a1.IndexOf("'!", 1, StringComparison.Ordinal);
            var end = close >= 0 ? close : (a1.EndsWith('\'') && a1.Length > 1 ? a1.Length - 1 : -1);
            if (end < 0)
            {
                throw new FormatException($"Unable to parse range: {a1} (unclosed quote).");
            }

            tab = a1[1..end].Replace("''", "'", StringComparison.Ordinal);
            cells = close >= 0 ? a1[(close + 2)..] : string.Empty;
        }
        else
        {
            var bang = a1.LastIndexOf('!');
            tab = bang >= 0 ? a1[..bang] : a1;
            cells = bang >= 0 ? a1[(bang + 1)..] : string.Empty;
        }

        if (tab.Length == 0)
        {
            throw new FormatException($"Unable to parse range: {a1} (no tab name).");
        }

        if (cells.Length == 0)
        {
            return new SheetRange(tab);
        }

        var parts = cells.Split(':');
        if (parts.Length > 2)
        {
            throw new FormatException($"Unable to parse range: {a1}.");
        }

        var (startColumn, startRow) = ParseCell(parts[0], a1);
        if (parts.Length == 1)
        {
            return new SheetRange(tab, startRow ?? 1, startColumn ?? 1, startRow, startColumn);
        }

        var (endColumn, endRow) = ParseCell(parts[1], a1);
        return new SheetRange(tab, startRow ?? 1, startColumn ?? 1, endRow, endColumn);
    }

    /// <summary>The column letters of a 1-based column number (1 = A, 27 = AA).</summary>
    /// <param name="column">The column, 1-based.</param>
    /// <returns>The letters.</returns>
    public static string ColumnLetters(int column)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(column, 1);
        var letters = new StringBuilder();
        for (var n = column; n > 0; n = (n - 1) / 26)
        {
            letters.Insert(0, (char)('A' + ((n - 1) % 26)));
        }

        return letters.ToString();
    }

    /// <summary>The 1-based column number of column letters (A = 1, AA = 27).</summary>
    /// <param name="letters">The letters, any case.</param>
    /// <returns>The column number.</returns>
    public static int ColumnNumber(string letters)
    {
        ArgumentException.ThrowIfNullOrEmpty(letters);
        var number = 0;
        foreach (var c in letters.ToUpperInvariant())
        {
            if (c is < 'A' or > 'Z')
            {
                throw new FormatException($"'{letters}' is not a column name.");
            }

            number = checked((number * 26) + (c - 'A' + 1));
        }

        return number;
    }

    /// <summary>True when row and column (1-based) lie inside the range.</summary>
    /// <param name="row">The row.</param>
    /// <param name="column">The column.</param>
    /// <returns>True when inside.</returns>
    public bool Contains(int row, int column) =>
        row >= FirstRow && column >= FirstColumn && (LastRow is not { } lastRow || row <= lastRow) && (LastColumn is not { } lastColumn || column <= lastColumn);

    /// <summary>A1 notation, the tab quoted (Sheets accepts a quoted name everywhere; a name with spaces needs it).</summary>
    /// <returns>E.g. <c>'March'!A2:J</c>.</returns>
    public override string ToString()
    {
        var tab = "'" + Tab.Replace("'", "''", StringComparison.Ordinal) + "'";
        var start = ColumnLetters(FirstColumn) + FirstRow.ToString(CultureInfo.InvariantCulture);
        if (LastRow is null && LastColumn is null)
        {
            // An open end both ways: the whole tab, or from the start to the widest column Sheets has.
            return FirstRow == 1 && FirstColumn == 1 ? tab : $"{tab}!{start}:{MaxColumnLetters}";
        }

        if (LastRow == FirstRow && LastColumn == FirstColumn)
        {
            return $"{tab}!{start}";
        }

        var endColumn = LastColumn is { } c ? ColumnLetters(c) : MaxColumnLetters;
        var endRow = LastRow is { } r ? r.ToString(CultureInfo.InvariantCulture) : string.Empty;
        return $"{tab}!{start}:{endColumn}{endRow}";
    }

    private static (int? Column, int? Row) ParseCell(string text, string whole)
    {
        var split = 0;
        while (split < text.Length && char.IsAsciiLetter(text[split]))
        {
            split++;
        }

        var letters = text[..split];
        var digits = text[split..];
        if ((letters.Length == 0 && digits.Length == 0) || (digits.Length > 0 && !digits.All(char.IsAsciiDigit)))
        {
            throw new FormatException($"Unable to parse range: {whole}.");
        }

        int? row = digits.Length == 0 ? null : int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        if (row is < 1)
        {
            throw new FormatException($"Unable to parse range: {whole} (rows start at 1).");
        }

        return (letters.Length == 0 ? null : ColumnNumber(letters), row);
    }
}

using System.Globalization;

namespace LsatsHub.Simulator.Sheets;

/// <summary>A range in A1 notation as the Sheets API parses it (<c>Tab</c>, <c>Tab!A1:C9</c>, <c>'My Tab'!H2:H</c>); 1-based, open ends null.</summary>
public sealed record A1Range(string Tab, int FirstRow = 1, int FirstColumn = 1, int? LastRow = null, int? LastColumn = null)
{
    /// <summary>Parses A1 notation; <see cref="FormatException"/> with Google's "Unable to parse range" wording otherwise.</summary>
    public static A1Range Parse(string a1)
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
            return new A1Range(tab);
        }

        var parts = cells.Split(':');
        if (parts.Length > 2)
        {
            throw new FormatException($"Unable to parse range: {a1}.");
        }

        var (startColumn, startRow) = ParseCell(parts[0], a1);
        if (parts.Length == 1)
        {
            return new A1Range(tab, startRow ?? 1, startColumn ?? 1, startRow, startColumn);
        }

        var (endColumn, endRow) = ParseCell(parts[1], a1);
        return new A1Range(tab, startRow ?? 1, startColumn ?? 1, endRow, endColumn);
    }

    /// <summary>The 1-based column of column letters.</summary>
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

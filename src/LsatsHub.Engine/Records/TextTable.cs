using System.Text;

namespace LsatsHub.Engine.Records;

/// <summary>A plain-text table with columns as wide as their widest cell; trailing blanks are trimmed.</summary>
internal sealed class TextTable
{
    private const string Gap = "  ";

    private readonly string[] _headers;
    private readonly HashSet<int> _rightAligned;
    private readonly List<string[]> _rows = [];

    public TextTable(string[] headers, int[] rightAligned)
    {
        _headers = headers;
        _rightAligned = [.. rightAligned];
    }

    public void Add(string[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"Expected {_headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
    }

    public void WriteTo(StringBuilder text, string indent)
    {
        var widths = _headers.Select((header, column) => _rows.Select(row => row[column].Length).Append(header.Length).Max()).ToArray();
        WriteRow(text, indent, _headers, widths);
        foreach (var row in _rows)
        {
            WriteRow(text, indent, row, widths);
        }
    }

    private void WriteRow(StringBuilder text, string indent, string[] cells, int[] widths)
    {
        var line = new StringBuilder(indent);
        for (var column = 0; column < cells.Length; column++)
        {
            if (column > 0)
            {
                line.Append(Gap);
            }

            line.Append(_rightAligned.Contains(column) ? cells[column].PadLeft(widths[column]) : cells[column].PadRight(widths[column]));
        }

        text.Append(line.ToString().TrimEnd()).Append('\n');
    }
}

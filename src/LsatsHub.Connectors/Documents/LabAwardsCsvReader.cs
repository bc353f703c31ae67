using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using CsvHelper;

namespace LsatsHub.Connectors.Documents;

/// <summary>
/// Reads the lab awards CSV (RFC 4180: quoted fields may hold commas, quotes and line breaks, and one real column name
/// holds a line break). Every value stays text as written, trimmed, blank → null; no type guessing (the seed's pandas
/// turned department ids into floats). A row whose field count differs from the header's, or with broken quoting, is
/// returned with a <see cref="DocumentRow.Problem"/>.
/// </summary>
public static class LabAwardsCsvReader
{
    /// <summary>Streams the rows of <paramref name="path"/>.</summary>
    /// <param name="path">The CSV file (UTF-8, with or without BOM).</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The rows in file order.</returns>
    /// <exception cref="ConnectorException">The file cannot be opened or has no header.</exception>
    public static async IAsyncEnumerable<DocumentRow> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);

        // The scanner may report a malformed record before the reader reaches it, so problems are kept by record number.
        var malformed = new ConcurrentDictionary<long, string>();
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            OnMalformedRecord = record => malformed.TryAdd(record.RecordNumber, Describe(record.Reason)),
        };
        await using var csv = Open(path, options);
        await csv.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        var columns = csv.Headers.Select(name => name.Trim()).ToArray();
        if (columns.Length == 0 || columns.All(string.IsNullOrEmpty))
        {
            throw new ConnectorException($"{path} has no header row.");
        }

        while (await csv.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var number = checked((int)csv.RowNumber);
            var fieldCount = csv.FieldCount;
            var values = new Dictionary<string, object?>(columns.Length, StringComparer.Ordinal);
            for (var i = 0; i < columns.Length && i < fieldCount; i++)
            {
                var value = csv.GetString(i).Trim();
                values[columns[i]] = value.Length == 0 ? null : value;
            }

            var line = csv.LineNumber.ToString(CultureInfo.InvariantCulture);
            var problem = malformed.TryRemove(number + 1, out var reason) && !reason.StartsWith("has ", StringComparison.Ordinal)
                ? $"{reason} (line {line})"
                : fieldCount != columns.Length
                    ? $"has {fieldCount} fields where the header has {columns.Length} (line {line})"
                    : null;
            yield return new DocumentRow(number, values, problem);
        }
    }

    private static CsvReader Open(string path, CsvReaderOptions options)
    {
        try
        {
            return CsvReader.FromFile(path, options);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ConnectorException($"Cannot read {path}: {exception.Message}", exception);
        }
    }

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "a quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a field",
        CsvMalformedReason.UnterminatedQuote => "a quoted field that is never closed",
        CsvMalformedReason.FieldCountMismatch => "has a different number of fields than the header",
        _ => "malformed quoting (" + reason + ")",
    };
}

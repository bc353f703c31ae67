using Microsoft.Extensions.Configuration;

namespace LsatsHub.Connectors.Sheets;

/// <summary>Opens the sheet a command names: an export file (<c>--file</c>) or a live spreadsheet id (<c>--sheet-id</c>, else a variable).</summary>
public static class SheetSources
{
    /// <summary>
    /// Opens <paramref name="file"/> when given (a <c>.csv</c> holds <paramref name="tab"/>; an <c>.xlsx</c> every tab),
    /// else the Google spreadsheet <paramref name="spreadsheetId"/> with the credentials of <see cref="GoogleSheetsOptions.FromConfiguration"/>.
    /// </summary>
    /// <param name="configuration">The configuration (GOOGLE_SHEETS_BASE_URL, CREDENTIALS_FILE, TOKEN_FILE).</param>
    /// <param name="spreadsheetId">The spreadsheet id, or null.</param>
    /// <param name="file">The export, or null.</param>
    /// <param name="tab">For a CSV, the tab the file holds.</param>
    /// <param name="time">The clock.</param>
    /// <returns>The source; dispose it when it is disposable.</returns>
    /// <exception cref="ConnectorException">Neither is given, both are, or the one given cannot be opened.</exception>
    public static ISheetSource Open(IConfiguration configuration, string? spreadsheetId, string? file, string? tab, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var hasId = !string.IsNullOrWhiteSpace(spreadsheetId);
        var hasFile = !string.IsNullOrWhiteSpace(file);
        return (hasId, hasFile) switch
        {
            (_, true) => FileSheetSource.Open(file!, tab),
            (true, false) => GoogleSheetsSource.Open(spreadsheetId!, GoogleSheetsOptions.FromConfiguration(configuration), time),
            _ => throw new ConnectorException("No sheet: give --file (a CSV/XLSX export) or --sheet-id (or set SPREADSHEET_ID)."),
        };
    }
}

using System.Text.Json.Nodes;
using Refit;

namespace LsatsHub.Connectors.Sheets;

/// <summary>The two Sheets v4 endpoints the workflows use, relative to the API root; responses are raw so every failure names its status.</summary>
public interface IGoogleSheetsApi
{
    /// <summary><c>GET v4/spreadsheets/{id}/values/{range}</c>: the values of a range, rows first, formatted as displayed.</summary>
    /// <param name="spreadsheetId">The spreadsheet id.</param>
    /// <param name="range">The A1 range.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response (<c>{"range", "majorDimension", "values"}</c>).</returns>
    [Get("/v4/spreadsheets/{spreadsheetId}/values/{range}?majorDimension=ROWS&valueRenderOption=FORMATTED_VALUE")]
    Task<HttpResponseMessage> GetValuesAsync(string spreadsheetId, string range, CancellationToken cancellationToken);

    /// <summary><c>PUT v4/spreadsheets/{id}/values/{range}?valueInputOption=USER_ENTERED</c>: writes values as if typed.</summary>
    /// <param name="spreadsheetId">The spreadsheet id.</param>
    /// <param name="range">The A1 range.</param>
    /// <param name="body"><c>{"range", "majorDimension": "ROWS", "values": [[...]]}</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response (<c>{"spreadsheetId", "updatedRange", "updatedCells", ...}</c>).</returns>
    [Put("/v4/spreadsheets/{spreadsheetId}/values/{range}?valueInputOption=USER_ENTERED")]
    Task<HttpResponseMessage> UpdateValuesAsync(string spreadsheetId, string range, [Body] JsonObject body, CancellationToken cancellationToken);
}

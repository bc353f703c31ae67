using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Apis.Auth.OAuth2;
using LsatsHub.Connectors.Http;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;
using Refit;

namespace LsatsHub.Connectors.Sheets;

/// <summary>
/// A Google spreadsheet through the Sheets v4 REST API (a Refit client). Reads return the displayed (formatted) values;
/// a write enters text as a person would (<c>USER_ENTERED</c>). Transient failures (5xx, 408, 429, timeouts, dropped
/// connections) are retried within the shared HTTP budget: both calls are idempotent (a cell written twice holds the same
/// text). Any other failure throws a <see cref="ConnectorException"/> naming the call and status, never a token.
/// </summary>
public sealed class GoogleSheetsSource : ISheetSource, IDisposable
{
    private readonly HttpClient _http;
    private readonly IGoogleSheetsApi _api;
    private readonly HttpRetryBudget _retry;

    private GoogleSheetsSource(string spreadsheetId, HttpClient http, HttpRetryBudget retry)
    {
        SpreadsheetId = spreadsheetId;
        _http = http;
        _retry = retry;
        _api = RestService.For<IGoogleSheetsApi>(http);
    }

    /// <summary>The spreadsheet id (the long id in the sheet's URL).</summary>
    public string SpreadsheetId { get; }

    /// <inheritdoc />
    public string Key => "google-sheets:" + SpreadsheetId;

    /// <inheritdoc />
    public string Description => $"Google sheet {SpreadsheetId} at {_http.BaseAddress!.GetLeftPart(UriPartial.Authority)}";

    /// <summary>Opens a spreadsheet with the credential <paramref name="options"/> names.</summary>
    /// <param name="spreadsheetId">The spreadsheet id.</param>
    /// <param name="options">API root, credential files, retry budget.</param>
    /// <param name="time">The clock for token expiry, retry waits and timeouts.</param>
    /// <returns>The source; dispose it when done.</returns>
    /// <exception cref="ConnectorException">The credential file is unusable.</exception>
    public static GoogleSheetsSource Open(string spreadsheetId, GoogleSheetsOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Open(spreadsheetId, options, GoogleSheetsCredential.Load(options, time), time);
    }

    /// <summary>Opens a spreadsheet with a given token source (tests, or a caller that holds its own credential).</summary>
    /// <param name="spreadsheetId">The spreadsheet id.</param>
    /// <param name="options">API root and retry budget.</param>
    /// <param name="credential">The token source.</param>
    /// <param name="time">The clock for retry waits and timeouts.</param>
    /// <returns>The source; dispose it when done.</returns>
    public static GoogleSheetsSource Open(string spreadsheetId, GoogleSheetsOptions options, ITokenAccess credential, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spreadsheetId);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(time);
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        options.Retry.AddTo(pipeline, HttpClientResiliencePredicates.IsTransient);
#pragma warning disable CA2000 // The handlers are owned by the HttpClient, which the source disposes.
        var handler = new GoogleSheetsAuthHandler(credential)
        {
            InnerHandler = new ResilienceHandler(pipeline.Build()) { InnerHandler = new SocketsHttpHandler() },
        };
#pragma warning restore CA2000
        var http = new HttpClient(handler, disposeHandler: true) { BaseAddress = options.BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
        return new GoogleSheetsSource(spreadsheetId.Trim(), http, options.Retry);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IReadOnlyList<string>>> ReadRangeAsync(SheetRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(range);
        var a1 = range.ToString();
        var json = await CallAsync($"GET values {a1}", () => _api.GetValuesAsync(SpreadsheetId, a1, cancellationToken), cancellationToken).ConfigureAwait(false);
        var rows = new List<IReadOnlyList<string>>();
        if (json["values"] is JsonArray values)
        {
            foreach (var row in values)
            {
                rows.Add(row is JsonArray cells ? [.. cells.Select(CellText)] : []);
            }
        }

        return rows;
    }

    /// <inheritdoc />
    public async Task WriteCellAsync(string tab, int row, int column, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        var a1 = SheetRange.Cell(tab, row, column).ToString();
        var body = new JsonObject { ["range"] = a1, ["majorDimension"] = "ROWS", ["values"] = new JsonArray(new JsonArray(value)) };
        _ = await CallAsync($"PUT values {a1}", () => _api.UpdateValuesAsync(SpreadsheetId, a1, body, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static string CellText(JsonNode? cell) => cell switch
    {
        null => string.Empty,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => cell.ToJsonString(),
    };

    private async Task<JsonObject> CallAsync(string what, Func<Task<HttpResponseMessage>> call, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await call().ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var cause = exception is ApiRequestException { InnerException: { } inner } ? inner : exception;
            if (cause is ConnectorException)
            {
                throw new ConnectorException($"Google Sheets {SpreadsheetId} {what}: {cause.Message}", cause);
            }

            var how = cause is TimeoutRejectedException or TimeoutException or OperationCanceledException ? "timed out" : "failed";
            throw new ConnectorException($"Google Sheets {SpreadsheetId} {what} {how} after retries: {cause.Message}", cause);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var hint = response.StatusCode switch
                {
                    HttpStatusCode.Unauthorized => " (the credential was rejected)",
                    HttpStatusCode.Forbidden => " (is the sheet shared with the service account?)",
                    HttpStatusCode.NotFound => " (no such spreadsheet)",

                    // The budget was spent on these: say so, and what widens it.
                    HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError =>
                        $" on the last of {_retry.MaxAttempts} attempt(s) ({HttpRetryBudget.RetriesVariable}={_retry.MaxRetries})",
                    _ => string.Empty,
                };
                throw new ConnectorException($"Google Sheets {SpreadsheetId} {what} answered {(int)response.StatusCode}{hint}: {ErrorMessage(text)}");
            }

            try
            {
                return JsonNode.Parse(text) as JsonObject ?? throw new ConnectorException($"Google Sheets {SpreadsheetId} {what} answered without a JSON object.");
            }
            catch (JsonException exception)
            {
                throw new ConnectorException($"Google Sheets {SpreadsheetId} {what} answered with invalid JSON: {exception.Message}", exception);
            }
        }
    }

    // Google's error body: {"error": {"code", "message", "status"}}; anything else is cut short.
    private static string ErrorMessage(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject { } o && o["error"] is JsonObject error && error["message"]?.GetValue<string>() is { } message)
            {
                return message;
            }
        }
        catch (JsonException)
        {
        }

        return text.Length <= 200 ? text : text[..200] + "…";
    }
}

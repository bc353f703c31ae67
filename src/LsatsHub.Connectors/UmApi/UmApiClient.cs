using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Connectors.UmApi;

/// <summary>
/// The UMich API gateway (docs/sources.md, UMich API): OAuth2 client credentials, <c>$count</c>/<c>$start_index</c> paging streamed
/// page by page. A page that cannot be fetched (after the retries of 429s and transient failures) throws
/// <see cref="ConnectorException"/>: a fetch either delivers every record or fails, it never ends early.
/// </summary>
public sealed class UmApiClient : IDisposable
{
    private readonly UmApiOptions _options;
    private readonly ILogger _logger;
    private readonly UmApiTransport _transport;
    private readonly UmApiTokenCache _tokens;

    /// <summary>Creates a client.</summary>
    /// <param name="http">The HTTP client (from the factory's <c>umapi</c> client); not disposed by this client.</param>
    /// <param name="options">Where and how.</param>
    /// <param name="clock">The clock for token lifetimes and every wait.</param>
    /// <param name="logger">Where waits and retries are logged.</param>
    public UmApiClient(HttpClient http, UmApiOptions options, TimeProvider clock, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentNullException.ThrowIfNull(clock);
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        if (options.PageSize is < 1 or > UmApiOptions.MaxPageSize)
        {
            throw new ArgumentException($"PageSize must be 1 to {UmApiOptions.MaxPageSize}, got {options.PageSize}.", nameof(options));
        }

        _transport = new UmApiTransport(http, options, clock, logger, Statistics);
        _tokens = new UmApiTokenCache(_transport, options, clock);
    }

    /// <summary>Calls, 429s and retries so far.</summary>
    public UmApiStatistics Statistics { get; } = new();

    /// <summary>Every department (<c>Department/v2/DeptData</c>, unwrapped from <c>DepartmentList.DeptData</c>).</summary>
    /// <param name="cancellationToken">Stops the fetch.</param>
    /// <returns>The records, one page fetched at a time.</returns>
    public IAsyncEnumerable<JsonObject> GetDepartmentsAsync(CancellationToken cancellationToken = default) =>
        GetAllAsync("Department/v2/DeptData", "DepartmentList", "DeptData", cancellationToken);

    /// <summary>Every employment record (<c>Department/v2/DeptEmpData</c>, unwrapped from <c>DeptEmpInfo.DeptEmpData</c>).</summary>
    /// <param name="cancellationToken">Stops the fetch.</param>
    /// <returns>The records, one page fetched at a time.</returns>
    public IAsyncEnumerable<JsonObject> GetEmployeesAsync(CancellationToken cancellationToken = default) =>
        GetAllAsync("Department/v2/DeptEmpData", "DeptEmpInfo", "DeptEmpData", cancellationToken);

    /// <summary>
    /// Every record of a paged resource. Paging as the seed: <c>$start_index</c> from 0 in steps of the page size; the
    /// last page is empty, shorter than the page size, or a lone object (the gateway's form of a one-record page).
    /// </summary>
    /// <param name="resource">The path after the category, e.g. <c>Department/v2/DeptData</c>.</param>
    /// <param name="envelope">The top-level key of the answer, e.g. <c>DepartmentList</c>.</param>
    /// <param name="list">The key inside it holding the records, e.g. <c>DeptData</c>.</param>
    /// <param name="cancellationToken">Stops the fetch.</param>
    /// <returns>The records.</returns>
    public async IAsyncEnumerable<JsonObject> GetAllAsync(
        string resource,
        string envelope,
        string list,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        ArgumentException.ThrowIfNullOrEmpty(envelope);
        ArgumentException.ThrowIfNullOrEmpty(list);
        for (var start = 0L; ; start += _options.PageSize)
        {
            var url = PageUrl(resource, start);
            var json = await GetJsonAsync(url, cancellationToken).ConfigureAwait(false);
            var (records, isLast) = Unwrap(json, envelope, list, url);
            foreach (var record in records)
            {
                yield return record;
            }

            if (isLast || records.Count < _options.PageSize)
            {
                _logger.LogDebug("UMich API {Resource}: {Count} records in total", resource, start + records.Count);
                yield break;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _tokens.Dispose();

    private Uri PageUrl(string resource, long start)
    {
        // The seed URL-encodes the dollar signs (urlencode), as the gateway expects.
        var query = string.Create(CultureInfo.InvariantCulture, $"%24count={_options.PageSize}&%24start_index={start}");
        return new Uri($"{_options.BaseUrl.AbsoluteUri.TrimEnd('/')}/{Uri.EscapeDataString(_options.CategoryId)}/{resource.Trim('/')}?{query}");
    }

    private async Task<JsonNode> GetJsonAsync(Uri url, CancellationToken cancellationToken)
    {
        var description = "GET " + url.PathAndQuery;
        var refreshed = false;
        while (true)
        {
            var token = await _tokens.GetAsync(cancellationToken).ConfigureAwait(false);
            var response = await _transport.SendAsync(
                () =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, url);
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    return request;
                },
                description,
                isTokenRequest: false,
                cancellationToken).ConfigureAwait(false);
            if (response.Status == (int)HttpStatusCode.Unauthorized)
            {
                Statistics.CountUnauthorized();
                if (refreshed)
                {
                    throw new ConnectorException($"UMich API {description} answered 401 even with a freshly issued token: {response.ErrorText}");
                }

                _logger.LogInformation("UMich API {Request} answered 401; fetching a new token", description);
                _tokens.Invalidate(token);
                refreshed = true;
                continue;
            }

            if (!response.IsSuccess)
            {
                throw new ConnectorException($"UMich API {description} failed with HTTP {response.Status}: {response.ErrorText}");
            }

            return response.Json!;
        }
    }

    private static (IReadOnlyList<JsonObject> Records, bool IsLast) Unwrap(JsonNode json, string envelope, string list, Uri url)
    {
        if (json is not JsonObject root || root[envelope] is not JsonObject wrapper)
        {
            throw new ConnectorException($"UMich API GET {url.PathAndQuery} answered without the expected '{envelope}' object.");
        }

        switch (wrapper[list])
        {
            case null:
                return ([], true);
            case JsonObject single:
                wrapper.Remove(list);
                return ([single], true);
            case JsonArray array:
                var records = new List<JsonObject>(array.Count);
                foreach (var item in array)
                {
                    records.Add(item as JsonObject
                        ?? throw new ConnectorException($"UMich API GET {url.PathAndQuery}: '{envelope}.{list}' holds a {item?.GetValueKind().ToString() ?? "null"}, not a record."));
                }

                // Detach the records from the page so each can be handed on (a node has one parent).
                array.Clear();
                return (records, false);
            default:
                throw new ConnectorException($"UMich API GET {url.PathAndQuery}: '{envelope}.{list}' is neither a list nor a record.");
        }
    }
}

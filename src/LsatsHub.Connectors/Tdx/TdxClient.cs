using System.Net;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Polly.Timeout;
using Refit;

namespace LsatsHub.Connectors.Tdx;

/// <summary>
/// What bronze asks of TDX: accounts, people and assets, as the raw JSON TDX returns. Every call is authenticated,
/// paced to the rate limits, retried on transient failures and counted (<see cref="Traffic"/>). Anything but a usable
/// answer throws <see cref="ConnectorException"/> naming the endpoint and status; it never reads as "no data".
/// </summary>
public sealed class TdxClient
{
    private readonly TdxConnection _connection;

    internal TdxClient(TdxConnection connection, TdxTrafficCounter traffic)
    {
        _connection = connection;
        Traffic = traffic;
    }

    /// <summary>The validated configuration (resolving it throws a <see cref="ConnectorException"/> naming missing variables).</summary>
    public TdxOptions Options => _connection.Options;

    /// <summary><c>sandbox</c> or <c>production</c>, from the base URL.</summary>
    public string Environment => Options.Environment;

    /// <summary>Requests and 429s so far in this process; take a snapshot before and after a step for its share.</summary>
    public TdxTrafficCounter Traffic { get; }

    /// <summary><c>GET accounts</c>: all active accounts (without Attributes).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The accounts.</returns>
    public async Task<JsonArray> GetAccountsAsync(CancellationToken cancellationToken) =>
        await ReadAsync<JsonArray>("GET accounts", api => api.GetAccountsAsync(cancellationToken), notFoundIsNull: false, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException("unreachable");

    /// <summary><c>GET accounts/{id}</c>: one account with Attributes and address; null when TDX answers 404.</summary>
    /// <param name="id">The account id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The account, or null if it does not exist.</returns>
    public Task<JsonObject?> GetAccountAsync(int id, CancellationToken cancellationToken) =>
        ReadAsync<JsonObject>("GET accounts/" + id, api => api.GetAccountAsync(id, cancellationToken), notFoundIsNull: true, cancellationToken);

    /// <summary><c>POST people/search</c> for users whose default account is one of <paramref name="accountIds"/>.</summary>
    /// <param name="accountIds">At most 200 account ids (TDX's practical limit per search).</param>
    /// <param name="isActive">Only active (true), only inactive (false) or all (null) users.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The users (summary shape).</returns>
    public async Task<JsonArray> SearchPeopleByAccountsAsync(IReadOnlyCollection<int> accountIds, bool? isActive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        if (accountIds.Count is 0 or > 200)
        {
            throw new ArgumentOutOfRangeException(nameof(accountIds), accountIds.Count, "A people search takes 1 to 200 account ids.");
        }

        var search = new JsonObject { ["AccountIDs"] = new JsonArray([.. accountIds.Select(id => JsonValue.Create(id))]), ["IsActive"] = isActive };
        return await ReadAsync<JsonArray>("POST people/search", api => api.SearchPeopleAsync(search, cancellationToken), notFoundIsNull: false, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("unreachable");
    }

    /// <summary><c>GET people/{uid}</c>: one full user; null when TDX answers 404.</summary>
    /// <param name="uid">The user's UID.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user, or null if it does not exist.</returns>
    public Task<JsonObject?> GetPersonAsync(string uid, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uid);
        return ReadAsync<JsonObject>("GET people/" + uid, api => api.GetPersonAsync(uid, cancellationToken), notFoundIsNull: true, cancellationToken);
    }

    /// <summary><c>POST {appId}/assets/search</c> for assets in the given statuses (no paging: TDX returns all).</summary>
    /// <param name="statusIds">The status ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The assets (summary shape).</returns>
    public async Task<JsonArray> SearchAssetsByStatusAsync(IReadOnlyCollection<int> statusIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statusIds);
        var appId = Options.AppId;
        var search = new JsonObject { ["StatusIDs"] = new JsonArray([.. statusIds.Select(id => JsonValue.Create(id))]) };
        return await ReadAsync<JsonArray>($"POST {appId}/assets/search", api => api.SearchAssetsAsync(appId, search, cancellationToken), notFoundIsNull: false, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("unreachable");
    }

    /// <summary><c>GET {appId}/assets/{id}</c>: one full asset; null when TDX answers 404.</summary>
    /// <param name="id">The asset id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The asset, or null if it does not exist.</returns>
    public Task<JsonObject?> GetAssetAsync(int id, CancellationToken cancellationToken)
    {
        var appId = Options.AppId;
        return ReadAsync<JsonObject>($"GET {appId}/assets/{id}", api => api.GetAssetAsync(appId, id, cancellationToken), notFoundIsNull: true, cancellationToken);
    }

    private async Task<T?> ReadAsync<T>(string endpoint, Func<ITdxApi, Task<HttpResponseMessage>> call, bool notFoundIsNull, CancellationToken cancellationToken)
        where T : JsonNode
    {
        var api = _connection.Api;
        HttpResponseMessage response;
        try
        {
            response = await call(api).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Refit wraps what the handlers throw (e.g. a failed login) in ApiRequestException.
            var cause = exception is ApiRequestException { InnerException: { } inner } ? inner : exception;
            if (cause is ConnectorException)
            {
                ExceptionDispatchInfo.Capture(cause).Throw();
            }

            var what = cause is TimeoutRejectedException or TimeoutException or OperationCanceledException ? "timed out" : "failed";
            throw new ConnectorException($"TDX {endpoint} {what} after retries: {cause.Message}", cause);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.NotFound && notFoundIsNull)
            {
                return null;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var hint = response.StatusCode switch
                {
                    HttpStatusCode.Unauthorized => Options.AuthMode == TdxAuthMode.StaticToken
                        ? " (TDX_API_TOKEN was rejected and cannot be refreshed)"
                        : " (rejected again after logging in anew)",
                    HttpStatusCode.TooManyRequests => " (still rate limited after the allowed waits)",
                    _ => string.Empty,
                };
                throw new ConnectorException($"TDX {endpoint} answered {status} {response.ReasonPhrase}{hint}: {Excerpt(text)}");
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                throw new ConnectorException($"TDX {endpoint} answered {status} with an empty body where JSON was expected.");
            }

            JsonNode? node;
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (JsonException exception)
            {
                throw new ConnectorException($"TDX {endpoint} answered {status} with a body that is not valid JSON ({exception.Message}): {Excerpt(text)}", exception);
            }

            return node as T
                ?? throw new ConnectorException($"TDX {endpoint} answered {status} with JSON {node?.GetValueKind().ToString() ?? "null"} where {(typeof(T) == typeof(JsonArray) ? "an array" : "an object")} was expected.");
        }
    }

    private static string Excerpt(string text) => text.Length <= 200 ? text : text[..200] + "…";
}

using System.IO.Pipelines;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using LsatsHub.Connectors.Http;
using Polly.Timeout;
using Refit;

namespace LsatsHub.Connectors.Tdx;

/// <summary>
/// What bronze and the ticket-queue daemon ask of TDX, as the raw JSON TDX returns; the daemon's writes (comments,
/// asset and CI links) go through a client that never retries them. Every call is authenticated,
/// paced to the rate limits, retried on transient failures and counted (<see cref="Traffic"/>). Anything but a usable
/// answer throws <see cref="ConnectorException"/> naming the endpoint and status; it never reads as "no data".
/// </summary>
public sealed class TdxClient
{
    /// <summary>The tickets application id (TDX's "Apps/46"; fixed, unlike the assets/CIs app).</summary>
    public const int TicketsAppId = 46;

    private readonly TdxConnection _connection;
    private readonly HttpRetryBudget _retry;

    internal TdxClient(TdxConnection connection, TdxTrafficCounter traffic, HttpRetryBudget retry)
    {
        _connection = connection;
        Traffic = traffic;
        _retry = retry;
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

    /// <summary><c>GET accounts</c>: all active accounts (without Attributes), read from the response one account at a time.</summary>
    /// <param name="cancellationToken">Cancels the call and the reading.</param>
    /// <returns>Each element of the answer as TDX sent it.</returns>
    /// <exception cref="ConnectorException">The call failed, or the answer is not a JSON array (also when that shows only part way through).</exception>
    public IAsyncEnumerable<JsonNode?> StreamAccountsAsync(CancellationToken cancellationToken) =>
        StreamArrayAsync("GET accounts", api => api.GetAccountsAsync(cancellationToken), cancellationToken);

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

    /// <summary>
    /// <c>POST people/search</c> for users whose default account is one of <paramref name="accountIds"/>, read from the
    /// response one user at a time: a search answers thousands of users (megabytes at university scale), and a bronze
    /// step needs only the one it is writing, not the whole answer as text and as a document at once.
    /// </summary>
    /// <param name="accountIds">At most 200 account ids (TDX's practical limit per search).</param>
    /// <param name="isActive">Only active (true), only inactive (false) or all (null) users.</param>
    /// <param name="cancellationToken">Cancels the call and the reading.</param>
    /// <returns>Each element of the answer as TDX sent it (normally an object; whatever else it is, for the caller to judge).</returns>
    /// <exception cref="ConnectorException">The call failed, or the answer is not a JSON array (also when that shows only part way through).</exception>
    public IAsyncEnumerable<JsonNode?> StreamPeopleByAccountsAsync(IReadOnlyCollection<int> accountIds, bool? isActive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        if (accountIds.Count is 0 or > 200)
        {
            throw new ArgumentOutOfRangeException(nameof(accountIds), accountIds.Count, "A people search takes 1 to 200 account ids.");
        }

        var search = new JsonObject { ["AccountIDs"] = new JsonArray([.. accountIds.Select(id => JsonValue.Create(id))]), ["IsActive"] = isActive };
        return StreamArrayAsync("POST people/search", api => api.SearchPeopleAsync(search, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// <c>POST {appId}/assets/search</c> for assets in the given statuses, read from the response one asset at a time
    /// (TDX does not page it: every asset comes in one answer).
    /// </summary>
    /// <param name="statusIds">The status ids.</param>
    /// <param name="cancellationToken">Cancels the call and the reading.</param>
    /// <returns>Each element of the answer as TDX sent it.</returns>
    /// <exception cref="ConnectorException">The call failed, or the answer is not a JSON array (also when that shows only part way through).</exception>
    public IAsyncEnumerable<JsonNode?> StreamAssetsByStatusAsync(IReadOnlyCollection<int> statusIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statusIds);
        var appId = Options.AppId;
        var search = new JsonObject { ["StatusIDs"] = new JsonArray([.. statusIds.Select(id => JsonValue.Create(id))]) };
        return StreamArrayAsync($"POST {appId}/assets/search", api => api.SearchAssetsAsync(appId, search, cancellationToken), cancellationToken);
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

    /// <summary><c>GET reports/{id}?withData=True</c>: the report and its <c>DataRows</c>.</summary>
    /// <param name="id">The report id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The report.</returns>
    public async Task<JsonObject> GetReportAsync(int id, CancellationToken cancellationToken) =>
        await ReadAsync<JsonObject>($"GET reports/{id}", api => api.GetReportAsync(id, cancellationToken), notFoundIsNull: false, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException("unreachable");

    /// <summary><c>GET 46/tickets/{id}</c>: one full ticket; null when TDX answers 404.</summary>
    /// <param name="id">The ticket id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The ticket, or null.</returns>
    public Task<JsonObject?> GetTicketAsync(int id, CancellationToken cancellationToken) =>
        ReadAsync<JsonObject>($"GET {TicketsAppId}/tickets/{id}", api => api.GetTicketAsync(TicketsAppId, id, cancellationToken), notFoundIsNull: true, cancellationToken);

    /// <summary><c>POST 46/tickets/search</c>.</summary>
    /// <param name="search">The TicketSearch, e.g. <c>{"RequestorUids": [...], "StatusIDs": [...]}</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tickets (summary shape).</returns>
    public async Task<JsonArray> SearchTicketsAsync(JsonObject search, CancellationToken cancellationToken) =>
        await ReadAsync<JsonArray>($"POST {TicketsAppId}/tickets/search", api => api.SearchTicketsAsync(TicketsAppId, search, cancellationToken), notFoundIsNull: false, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException("unreachable");

    /// <summary><c>GET 46/tickets/{id}/assets</c>: every CI linked to the ticket (asset-backed ones carry BackingItemType 27).</summary>
    /// <param name="id">The ticket id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The CIs.</returns>
    public async Task<JsonArray> GetTicketAssetsAsync(int id, CancellationToken cancellationToken) =>
        await ReadAsync<JsonArray>($"GET {TicketsAppId}/tickets/{id}/assets", api => api.GetTicketAssetsAsync(TicketsAppId, id, cancellationToken), notFoundIsNull: false, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException("unreachable");

    /// <summary><c>GET 46/tickets/{id}/feed</c>: the ticket's top-level feed entries.</summary>
    /// <param name="id">The ticket id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries.</returns>
    public async Task<JsonArray> GetTicketFeedAsync(int id, CancellationToken cancellationToken) =>
        await ReadAsync<JsonArray>($"GET {TicketsAppId}/tickets/{id}/feed", api => api.GetTicketFeedAsync(TicketsAppId, id, cancellationToken), notFoundIsNull: false, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException("unreachable");

    /// <summary><c>GET feed/{id}</c>: one feed entry with its replies; null when TDX answers 404.</summary>
    /// <param name="id">The entry id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entry, or null.</returns>
    public Task<JsonObject?> GetFeedEntryAsync(int id, CancellationToken cancellationToken) =>
        ReadAsync<JsonObject>($"GET feed/{id}", api => api.GetFeedEntryAsync(id, cancellationToken), notFoundIsNull: true, cancellationToken);

    /// <summary><c>POST {appId}/assets/search</c> with any AssetSearch body.</summary>
    /// <param name="search">The AssetSearch.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The assets (summary shape).</returns>
    public async Task<JsonArray> SearchAssetsAsync(JsonObject search, CancellationToken cancellationToken)
    {
        var appId = Options.AppId;
        return await ReadAsync<JsonArray>($"POST {appId}/assets/search", api => api.SearchAssetsAsync(appId, search, cancellationToken), notFoundIsNull: false, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("unreachable");
    }

    /// <summary><c>GET {appId}/cmdb/{id}/tickets</c>: the tickets linked to a CI.</summary>
    /// <param name="ciId">The CI id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tickets (summary shape).</returns>
    public async Task<JsonArray> GetCiTicketsAsync(int ciId, CancellationToken cancellationToken)
    {
        var appId = Options.AppId;
        return await ReadAsync<JsonArray>($"GET {appId}/cmdb/{ciId}/tickets", api => api.GetCiTicketsAsync(appId, ciId, cancellationToken), notFoundIsNull: false, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("unreachable");
    }

    /// <summary><c>POST 46/tickets/{id}/feed</c>: posts a comment. Sent once (never retried); a failure throws.</summary>
    /// <param name="ticketId">The ticket id.</param>
    /// <param name="entry">The TicketFeedEntry (<c>Comments</c>, <c>IsPrivate</c>, <c>IsRichHTML</c>, ...).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created feed entry.</returns>
    public async Task<JsonObject> AddTicketFeedAsync(int ticketId, JsonObject entry, CancellationToken cancellationToken) =>
        await ReadAsync<JsonObject>($"POST {TicketsAppId}/tickets/{ticketId}/feed", api => api.AddTicketFeedAsync(TicketsAppId, ticketId, entry, cancellationToken), notFoundIsNull: false, cancellationToken, write: true).ConfigureAwait(false)
        ?? throw new InvalidOperationException("unreachable");

    /// <summary><c>POST 46/tickets/{id}/assets/{assetId}</c>: links an asset to a ticket. Sent once (never retried); a failure throws.</summary>
    /// <param name="ticketId">The ticket id.</param>
    /// <param name="assetId">The asset id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public Task AddTicketAssetAsync(int ticketId, int assetId, CancellationToken cancellationToken) =>
        SendWriteAsync($"POST {TicketsAppId}/tickets/{ticketId}/assets/{assetId}", api => api.AddTicketAssetAsync(TicketsAppId, ticketId, assetId, [], cancellationToken), cancellationToken);

    /// <summary><c>POST 46/tickets/{id}/contacts/{uid}</c>: adds a person as a ticket contact (TDX keeps one of each). Sent once (never retried); a failure throws.</summary>
    /// <param name="ticketId">The ticket id.</param>
    /// <param name="uid">The person's UID.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public Task AddTicketContactAsync(int ticketId, string uid, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uid);
        return SendWriteAsync($"POST {TicketsAppId}/tickets/{ticketId}/contacts/{uid}", api => api.AddTicketContactAsync(TicketsAppId, ticketId, uid, [], cancellationToken), cancellationToken);
    }

    /// <summary><c>POST {appId}/cmdb/{ciId}/tickets/{ticketId}</c>: links a CI (e.g. a lab) to a ticket. Sent once (never retried); a failure throws.</summary>
    /// <param name="ciId">The CI id.</param>
    /// <param name="ticketId">The ticket id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public Task AddCiToTicketAsync(int ciId, int ticketId, CancellationToken cancellationToken)
    {
        var appId = Options.AppId;
        return SendWriteAsync($"POST {appId}/cmdb/{ciId}/tickets/{ticketId}", api => api.AddCiTicketAsync(appId, ciId, ticketId, [], cancellationToken), cancellationToken);
    }

    /// <summary><c>POST people/search</c> with any UserSearch body (<c>UserName</c>, <c>AlternateID</c>, <c>SearchText</c>, <c>IsActive</c>, ...).</summary>
    /// <param name="search">The UserSearch.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The users (summary shape).</returns>
    public async Task<JsonArray> SearchPeopleAsync(JsonObject search, CancellationToken cancellationToken) =>
        await ReadAsync<JsonArray>("POST people/search", api => api.SearchPeopleAsync(search, cancellationToken), notFoundIsNull: false, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException("unreachable");

    /// <summary>
    /// <c>POST 46/tickets?NotifyRequestor=...</c>: creates a ticket (TDX notifies neither reviewer nor responsible, and never
    /// creates a requestor). Sent once (never retried: a retried create is a second ticket); a failure throws.
    /// </summary>
    /// <param name="ticket">The new ticket.</param>
    /// <param name="notifyRequestor">True to have TDX e-mail the requestor.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created ticket (with its <c>ID</c>).</returns>
    public async Task<JsonObject> CreateTicketAsync(JsonObject ticket, bool notifyRequestor, CancellationToken cancellationToken) =>
        await ReadAsync<JsonObject>($"POST {TicketsAppId}/tickets", api => api.CreateTicketAsync(TicketsAppId, notifyRequestor ? "True" : "False", ticket, cancellationToken), notFoundIsNull: false, cancellationToken, write: true).ConfigureAwait(false)
        ?? throw new InvalidOperationException("unreachable");

    /// <summary><c>POST {appId}/assets/{assetId}/tickets/{ticketId}</c>: links an asset to a ticket (idempotent in TDX). Sent once; a failure throws.</summary>
    /// <param name="assetId">The asset id.</param>
    /// <param name="ticketId">The ticket id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public Task AddAssetToTicketAsync(int assetId, int ticketId, CancellationToken cancellationToken)
    {
        var appId = Options.AppId;
        return SendWriteAsync($"POST {appId}/assets/{assetId}/tickets/{ticketId}", api => api.AddAssetTicketAsync(appId, assetId, ticketId, cancellationToken), cancellationToken);
    }

    /// <summary><c>POST {appId}/cmdb/search</c>.</summary>
    /// <param name="search">The ConfigurationItemSearch.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The CIs.</returns>
    public async Task<JsonArray> SearchCisAsync(JsonObject search, CancellationToken cancellationToken)
    {
        var appId = Options.AppId;
        return await ReadAsync<JsonArray>($"POST {appId}/cmdb/search", api => api.SearchCisAsync(appId, search, cancellationToken), notFoundIsNull: false, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("unreachable");
    }

    /// <summary><c>GET {appId}/cmdb/{id}</c>: one CI; null when TDX answers 404.</summary>
    /// <param name="id">The CI id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The CI, or null.</returns>
    public Task<JsonObject?> GetCiAsync(int id, CancellationToken cancellationToken)
    {
        var appId = Options.AppId;
        return ReadAsync<JsonObject>($"GET {appId}/cmdb/{id}", api => api.GetCiAsync(appId, id, cancellationToken), notFoundIsNull: true, cancellationToken);
    }

    /// <summary><c>POST {appId}/cmdb</c>: creates a CI. Sent once (never retried); a failure throws.</summary>
    /// <param name="ci">The full CI.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created CI (with its <c>ID</c>).</returns>
    public async Task<JsonObject> CreateCiAsync(JsonObject ci, CancellationToken cancellationToken)
    {
        var appId = Options.AppId;
        return await ReadAsync<JsonObject>($"POST {appId}/cmdb", api => api.CreateCiAsync(appId, ci, cancellationToken), notFoundIsNull: false, cancellationToken, write: true).ConfigureAwait(false)
            ?? throw new InvalidOperationException("unreachable");
    }

    /// <summary><c>PUT {appId}/cmdb/{id}</c>: replaces every field of a CI. Sent once (never retried); a failure throws.</summary>
    /// <param name="id">The CI id.</param>
    /// <param name="ci">The full CI: what is not in it is reset by TDX, so callers send the stored CI with their changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public Task UpdateCiAsync(int id, JsonObject ci, CancellationToken cancellationToken)
    {
        var appId = Options.AppId;
        return SendWriteAsync($"PUT {appId}/cmdb/{id}", api => api.UpdateCiAsync(appId, id, ci, cancellationToken), cancellationToken);
    }

    /// <summary><c>GET {appId}/cmdb/{id}/relationships</c>: both directions.</summary>
    /// <param name="id">The CI id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The relationships.</returns>
    public async Task<JsonArray> GetCiRelationshipsAsync(int id, CancellationToken cancellationToken)
    {
        var appId = Options.AppId;
        return await ReadAsync<JsonArray>($"GET {appId}/cmdb/{id}/relationships", api => api.GetCiRelationshipsAsync(appId, id, cancellationToken), notFoundIsNull: false, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("unreachable");
    }

    /// <summary><c>POST {appId}/cmdb/relationships/bulkadd</c>. Sent once (never retried); a failure throws.</summary>
    /// <param name="body"><c>{"LogToFeed": "false", "Relationships": [{"ParentItemID", "ChildItemID", "RelationshipTypeID"}]}</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><c>{AddedCount, NotAddedCount, ErrorMessages}</c>; an empty object when TDX answers without a body.</returns>
    public async Task<JsonObject> BulkAddCiRelationshipsAsync(JsonObject body, CancellationToken cancellationToken)
    {
        var appId = Options.AppId;
        var answer = await ReadAsync<JsonNode>($"POST {appId}/cmdb/relationships/bulkadd", api => api.BulkAddCiRelationshipsAsync(appId, body, cancellationToken), notFoundIsNull: false, cancellationToken, write: true, bodyOptional: true).ConfigureAwait(false);
        return answer as JsonObject ?? [];
    }

    /// <summary>
    /// <c>DELETE {appId}/cmdb/{ciId}/relationships/{relationshipId}</c>. Sent once (never retried). A relationship that is
    /// already gone (404) is not an error, so a repeated removal is harmless; any other failure throws.
    /// </summary>
    /// <param name="ciId">The CI id (either end of the relationship).</param>
    /// <param name="relationshipId">The relationship id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when TDX removed it, false when it did not exist.</returns>
    public async Task<bool> DeleteCiRelationshipAsync(int ciId, int relationshipId, CancellationToken cancellationToken)
    {
        var appId = Options.AppId;
        var endpoint = $"DELETE {appId}/cmdb/{ciId}/relationships/{relationshipId}";
        var existed = true;
        _ = await ReadAsync<JsonNode>(endpoint, api => api.DeleteCiRelationshipAsync(appId, ciId, relationshipId, cancellationToken), notFoundIsNull: true, cancellationToken, write: true, bodyOptional: true, onNotFound: () => existed = false).ConfigureAwait(false);
        return existed;
    }

    private async Task SendWriteAsync(string endpoint, Func<ITdxApi, Task<HttpResponseMessage>> call, CancellationToken cancellationToken)
    {
        // Any 2xx is success; the body (a message or the CI) is not needed.
        _ = await ReadAsync<JsonNode>(endpoint, call, notFoundIsNull: false, cancellationToken, write: true, bodyOptional: true).ConfigureAwait(false);
    }

    private async Task<T?> ReadAsync<T>(
        string endpoint, Func<ITdxApi, Task<HttpResponseMessage>> call, bool notFoundIsNull, CancellationToken cancellationToken, bool write = false, bool bodyOptional = false, Action? onNotFound = null)
        where T : JsonNode
    {
        using (var response = await SendAsync(endpoint, call, write, cancellationToken).ConfigureAwait(false))
        {
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.NotFound && notFoundIsNull)
            {
                onNotFound?.Invoke();
                return null;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw Failure(endpoint, response, text);
            }

            if (string.IsNullOrWhiteSpace(text) && bodyOptional)
            {
                return null;
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

            if (bodyOptional)
            {
                return node as T;
            }

            return node as T
                ?? throw new ConnectorException($"TDX {endpoint} answered {status} with JSON {node?.GetValueKind().ToString() ?? "null"} where {(typeof(T) == typeof(JsonArray) ? "an array" : "an object")} was expected.");
        }
    }

    /// <summary>
    /// An answer that must be a JSON array, its elements parsed one at a time from the response stream (Refit hands the
    /// response over after its headers, so the body is read as the caller consumes it): memory holds one element and
    /// the reader's buffer, never the whole body.
    /// </summary>
    private async IAsyncEnumerable<JsonNode?> StreamArrayAsync(
        string endpoint, Func<ITdxApi, Task<HttpResponseMessage>> call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await SendAsync(endpoint, call, write: false, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            throw Failure(endpoint, response, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }

        var body = PipeReader.Create(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        await using var stream = body.AsStream();
        var first = await FirstTokenAsync(endpoint, body, cancellationToken).ConfigureAwait(false);
        if (first is null)
        {
            throw new ConnectorException($"TDX {endpoint} answered {status} with an empty body where JSON was expected.");
        }

        if (first != (byte)'[')
        {
            throw new ConnectorException($"TDX {endpoint} answered {status} with JSON that is not an array where an array was expected (it starts with '{(char)first}').");
        }

        var elements = JsonSerializer.DeserializeAsyncEnumerable<JsonNode?>(stream, cancellationToken: cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (elements.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await elements.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (JsonException exception)
                {
                    throw new ConnectorException($"TDX {endpoint} answered {status} with a body that is not valid JSON ({exception.Message}).", exception);
                }
                catch (Exception exception) when (exception is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                {
                    throw new ConnectorException($"TDX {endpoint} failed while its answer was being read (not retried: elements were already handed on): {exception.Message}", exception);
                }

                yield return elements.Current;
            }
        }
    }

    /// <summary>The body's first byte that is not JSON whitespace, left unread; null for an empty or blank body.</summary>
    private static async Task<byte?> FirstTokenAsync(string endpoint, PipeReader body, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult read;
            try
            {
                read = await body.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                throw new ConnectorException($"TDX {endpoint} failed while its answer was being read: {exception.Message}", exception);
            }

            var buffer = read.Buffer;
            foreach (var segment in buffer)
            {
                foreach (var b in segment.Span)
                {
                    if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                    {
                        body.AdvanceTo(buffer.Start, buffer.Start);
                        return b;
                    }
                }
            }

            // Nothing consumed, everything examined: the next read waits for more bytes.
            body.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                return null;
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string endpoint, Func<ITdxApi, Task<HttpResponseMessage>> call, bool write, CancellationToken cancellationToken)
    {
        var api = write ? _connection.WriteApi : _connection.Api;
        try
        {
            return await call(api).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Refit wraps what the handlers throw (e.g. a failed login) in ApiRequestException.
            var cause = exception is ApiRequestException { InnerException: { } inner } ? inner : exception;
            if (cause is ConnectorException)
            {
                ExceptionDispatchInfo.Capture(cause).Throw();
            }

            if (cause is TimeoutRejectedException or TimeoutException or OperationCanceledException)
            {
                // Named by its URL and the budget's variables: Polly's "didn't complete within 00:01:40" told an
                // operator neither which server hung nor what to tune.
                var method = endpoint[..endpoint.IndexOf(' ', StringComparison.Ordinal)];
                var url = new Uri(Options.BaseUrl.AbsoluteUri.TrimEnd('/') + "/" + endpoint[(method.Length + 1)..]);
                var message = _retry.TimedOutMessage("TDX", method, url, write ? 1 : _retry.MaxAttempts);
                throw new ConnectorException(write ? message + " A write is never retried: it may have been applied." : message, cause);
            }

            throw new ConnectorException($"TDX {endpoint} failed{(write ? " (a write, not retried)" : " after retries")}: {cause.Message}", cause);
        }
    }

    private ConnectorException Failure(string endpoint, HttpResponseMessage response, string text)
    {
        var hint = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => Options.AuthMode == TdxAuthMode.StaticToken
                ? " (TDX_API_TOKEN was rejected and cannot be refreshed)"
                : " (rejected again after logging in anew)",
            HttpStatusCode.TooManyRequests => " (still rate limited after the allowed waits)",
            _ => string.Empty,
        };
        return new ConnectorException($"TDX {endpoint} answered {(int)response.StatusCode} {response.ReasonPhrase}{hint}: {Excerpt(text)}");
    }

    private static string Excerpt(string text) => text.Length <= 200 ? text : text[..200] + "…";
}

using System.Text.Json.Nodes;
using Refit;

namespace LsatsHub.Connectors.Tdx;

/// <summary>
/// The TDX Web API endpoints bronze and the ticket-queue daemon call (docs/sources.md, TeamDynamix; docs/ticket-queue.md),
/// relative to <c>TDX_BASE_URL</c>. Responses are returned
/// raw so <see cref="TdxClient"/> can turn every failure into a <see cref="ConnectorException"/> with endpoint and status.
/// </summary>
public interface ITdxApi
{
    /// <summary><c>GET accounts</c>: every active account, without Attributes.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Get("/accounts")]
    Task<HttpResponseMessage> GetAccountsAsync(CancellationToken cancellationToken);

    /// <summary><c>GET accounts/{id}</c>: one account with Attributes and address.</summary>
    /// <param name="id">The account id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Get("/accounts/{id}")]
    Task<HttpResponseMessage> GetAccountAsync(int id, CancellationToken cancellationToken);

    /// <summary><c>POST people/search</c> with a UserSearch body.</summary>
    /// <param name="search">The UserSearch, e.g. <c>{"AccountIDs": [...], "IsActive": true}</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Post("/people/search")]
    Task<HttpResponseMessage> SearchPeopleAsync([Body] JsonObject search, CancellationToken cancellationToken);

    /// <summary><c>GET people/{uid}</c>: one full user.</summary>
    /// <param name="uid">The user's UID (a GUID).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Get("/people/{uid}")]
    Task<HttpResponseMessage> GetPersonAsync(string uid, CancellationToken cancellationToken);

    /// <summary><c>POST {appId}/assets/search</c> with an AssetSearch body.</summary>
    /// <param name="appId">The assets/CIs application.</param>
    /// <param name="search">The AssetSearch, e.g. <c>{"StatusIDs": [38, 39]}</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Post("/{appId}/assets/search")]
    Task<HttpResponseMessage> SearchAssetsAsync(int appId, [Body] JsonObject search, CancellationToken cancellationToken);

    /// <summary><c>GET {appId}/assets/{id}</c>: one full asset.</summary>
    /// <param name="appId">The assets/CIs application.</param>
    /// <param name="id">The asset id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Get("/{appId}/assets/{id}")]
    Task<HttpResponseMessage> GetAssetAsync(int appId, int id, CancellationToken cancellationToken);
    /// <summary><c>GET reports/{id}?withData=True</c>: the report with its rows.</summary>
    /// <param name="id">The report id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Get("/reports/{id}?withData=True&dataSortExpression=")]
    Task<HttpResponseMessage> GetReportAsync(int id, CancellationToken cancellationToken);

    /// <summary><c>GET {appId}/tickets/{id}</c>: one full ticket.</summary>
    /// <param name="appId">The tickets application (46).</param>
    /// <param name="id">The ticket id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Get("/{appId}/tickets/{id}")]
    Task<HttpResponseMessage> GetTicketAsync(int appId, int id, CancellationToken cancellationToken);

    /// <summary><c>POST {appId}/tickets/search</c> with a TicketSearch body.</summary>
    /// <param name="appId">The tickets application (46).</param>
    /// <param name="search">The TicketSearch.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Post("/{appId}/tickets/search")]
    Task<HttpResponseMessage> SearchTicketsAsync(int appId, [Body] JsonObject search, CancellationToken cancellationToken);

    /// <summary><c>GET {appId}/tickets/{id}/assets</c>: every CI linked to the ticket.</summary>
    /// <param name="appId">The tickets application (46).</param>
    /// <param name="id">The ticket id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Get("/{appId}/tickets/{id}/assets")]
    Task<HttpResponseMessage> GetTicketAssetsAsync(int appId, int id, CancellationToken cancellationToken);

    /// <summary><c>POST {appId}/tickets/{id}/assets/{assetId}</c>: links an asset to the ticket.</summary>
    /// <param name="appId">The tickets application (46).</param>
    /// <param name="id">The ticket id.</param>
    /// <param name="assetId">The asset id (not its CI id).</param>
    /// <param name="body">An empty object.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Post("/{appId}/tickets/{id}/assets/{assetId}")]
    Task<HttpResponseMessage> AddTicketAssetAsync(int appId, int id, int assetId, [Body] JsonObject body, CancellationToken cancellationToken);

    /// <summary><c>GET {appId}/tickets/{id}/feed</c>: the ticket's top-level feed entries.</summary>
    /// <param name="appId">The tickets application (46).</param>
    /// <param name="id">The ticket id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Get("/{appId}/tickets/{id}/feed")]
    Task<HttpResponseMessage> GetTicketFeedAsync(int appId, int id, CancellationToken cancellationToken);

    /// <summary><c>POST {appId}/tickets/{id}/feed</c>: posts a comment (TicketFeedEntry).</summary>
    /// <param name="appId">The tickets application (46).</param>
    /// <param name="id">The ticket id.</param>
    /// <param name="entry">The TicketFeedEntry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Post("/{appId}/tickets/{id}/feed")]
    Task<HttpResponseMessage> AddTicketFeedAsync(int appId, int id, [Body] JsonObject entry, CancellationToken cancellationToken);

    /// <summary><c>GET feed/{id}</c>: one feed entry with its replies.</summary>
    /// <param name="id">The feed entry id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Get("/feed/{id}")]
    Task<HttpResponseMessage> GetFeedEntryAsync(int id, CancellationToken cancellationToken);

    /// <summary><c>GET {appId}/cmdb/{id}/tickets</c>: the tickets linked to a CI.</summary>
    /// <param name="appId">The assets/CIs application.</param>
    /// <param name="id">The CI id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Get("/{appId}/cmdb/{id}/tickets")]
    Task<HttpResponseMessage> GetCiTicketsAsync(int appId, int id, CancellationToken cancellationToken);

    /// <summary><c>POST {appId}/cmdb/{id}/tickets/{ticketId}</c>: links a CI to a ticket.</summary>
    /// <param name="appId">The assets/CIs application.</param>
    /// <param name="id">The CI id.</param>
    /// <param name="ticketId">The ticket id.</param>
    /// <param name="body">An empty object.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Post("/{appId}/cmdb/{id}/tickets/{ticketId}")]
    Task<HttpResponseMessage> AddCiTicketAsync(int appId, int id, int ticketId, [Body] JsonObject body, CancellationToken cancellationToken);

    /// <summary><c>POST {appId}/cmdb/search</c> with a ConfigurationItemSearch body.</summary>
    /// <param name="appId">The assets/CIs application.</param>
    /// <param name="search">The search, e.g. <c>{"NameLike": "smith Lab", "TypeIDs": [10014]}</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Post("/{appId}/cmdb/search")]
    Task<HttpResponseMessage> SearchCisAsync(int appId, [Body] JsonObject search, CancellationToken cancellationToken);

    /// <summary><c>GET {appId}/cmdb/{id}</c>: one CI.</summary>
    /// <param name="appId">The assets/CIs application.</param>
    /// <param name="id">The CI id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Get("/{appId}/cmdb/{id}")]
    Task<HttpResponseMessage> GetCiAsync(int appId, int id, CancellationToken cancellationToken);

    /// <summary><c>POST {appId}/cmdb</c>: creates a CI.</summary>
    /// <param name="appId">The assets/CIs application.</param>
    /// <param name="ci">The full CI.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Post("/{appId}/cmdb")]
    Task<HttpResponseMessage> CreateCiAsync(int appId, [Body] JsonObject ci, CancellationToken cancellationToken);

    /// <summary><c>PUT {appId}/cmdb/{id}</c>: replaces a CI (every field; TDX does not merge).</summary>
    /// <param name="appId">The assets/CIs application.</param>
    /// <param name="id">The CI id.</param>
    /// <param name="ci">The full CI.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Put("/{appId}/cmdb/{id}")]
    Task<HttpResponseMessage> UpdateCiAsync(int appId, int id, [Body] JsonObject ci, CancellationToken cancellationToken);

    /// <summary><c>GET {appId}/cmdb/{id}/relationships</c>: the CI's relationships in both directions.</summary>
    /// <param name="appId">The assets/CIs application.</param>
    /// <param name="id">The CI id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Get("/{appId}/cmdb/{id}/relationships")]
    Task<HttpResponseMessage> GetCiRelationshipsAsync(int appId, int id, CancellationToken cancellationToken);

    /// <summary><c>POST {appId}/cmdb/relationships/bulkadd</c>.</summary>
    /// <param name="appId">The assets/CIs application.</param>
    /// <param name="body"><c>{"LogToFeed": "false", "Relationships": [...]}</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Post("/{appId}/cmdb/relationships/bulkadd")]
    Task<HttpResponseMessage> BulkAddCiRelationshipsAsync(int appId, [Body] JsonObject body, CancellationToken cancellationToken);

    /// <summary><c>POST {appId}/tickets?...</c>: creates a ticket; the query says whom TDX notifies.</summary>
    /// <param name="appId">The tickets application (46).</param>
    /// <param name="notifyRequestor"><c>True</c> or <c>False</c>: e-mail the requestor.</param>
    /// <param name="ticket">The new ticket.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response (the created ticket).</returns>
    [Post("/{appId}/tickets?EnableNotifyReviewer=False&NotifyRequestor={notifyRequestor}&NotifyResponsible=False&AllowRequestorCreation=False&applyDefaults=True")]
    Task<HttpResponseMessage> CreateTicketAsync(int appId, string notifyRequestor, [Body] JsonObject ticket, CancellationToken cancellationToken);

    /// <summary><c>POST {appId}/assets/{assetId}/tickets/{ticketId}</c>: links an asset to a ticket from the asset's side.</summary>
    /// <param name="appId">The assets/CIs application.</param>
    /// <param name="assetId">The asset id.</param>
    /// <param name="ticketId">The ticket id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Post("/{appId}/assets/{assetId}/tickets/{ticketId}")]
    Task<HttpResponseMessage> AddAssetTicketAsync(int appId, int assetId, int ticketId, CancellationToken cancellationToken);

    /// <summary><c>DELETE {appId}/cmdb/{id}/relationships/{relationshipId}</c>: removes one relationship of the CI.</summary>
    /// <param name="appId">The assets/CIs application.</param>
    /// <param name="id">The CI id (either end of the relationship).</param>
    /// <param name="relationshipId">The relationship id (<c>ID</c> of a <c>GET cmdb/{id}/relationships</c> entry).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Delete("/{appId}/cmdb/{id}/relationships/{relationshipId}")]
    Task<HttpResponseMessage> DeleteCiRelationshipAsync(int appId, int id, int relationshipId, CancellationToken cancellationToken);
}

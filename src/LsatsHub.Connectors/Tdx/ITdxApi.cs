using System.Text.Json.Nodes;
using Refit;

namespace LsatsHub.Connectors.Tdx;

/// <summary>
/// The TDX Web API endpoints bronze reads (docs/sources.md, TeamDynamix), relative to <c>TDX_BASE_URL</c>. Responses are returned
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
}

using System.Text.Json.Nodes;
using Refit;

namespace LsatsHub.Connectors.Tdx;

/// <summary>The TDX login endpoints (docs/sources.md, TeamDynamix); both answer the JWT as text.</summary>
public interface ITdxAuthApi
{
    /// <summary><c>POST auth/loginadmin</c> with <c>{"BEID", "WebServicesKey"}</c>.</summary>
    /// <param name="credentials">The body.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Post("/auth/loginadmin")]
    Task<HttpResponseMessage> LoginAdminAsync([Body] JsonObject credentials, CancellationToken cancellationToken);

    /// <summary><c>POST auth</c> with <c>{"UserName", "Password"}</c>.</summary>
    /// <param name="credentials">The body.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    [Post("/auth")]
    Task<HttpResponseMessage> LoginAsync([Body] JsonObject credentials, CancellationToken cancellationToken);
}

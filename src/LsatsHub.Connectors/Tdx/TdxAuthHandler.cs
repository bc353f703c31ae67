using System.Net;
using System.Net.Http.Headers;

namespace LsatsHub.Connectors.Tdx;

/// <summary>
/// Outermost handler of API calls: adds the bearer token; on a 401 with refreshable credentials it logs in again and
/// sends the request once more. A second 401 (or any 401 with a static token) goes to the caller, which fails.
/// </summary>
internal sealed class TdxAuthHandler(TdxTokenProvider tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !tokens.CanRefresh)
        {
            return response;
        }

        response.Dispose();
        await tokens.InvalidateAsync(token, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(cancellationToken).ConfigureAwait(false));
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}

using System.Net.Http.Headers;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;

namespace LsatsHub.Connectors.Sheets;

/// <summary>Puts a current access token on every Sheets request (Google.Apis.Auth refreshes it when stale).</summary>
internal sealed class GoogleSheetsAuthHandler(ITokenAccess credential) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string token;
        try
        {
            token = await credential.GetAccessTokenForRequestAsync(request.RequestUri?.ToString(), cancellationToken).ConfigureAwait(false);
        }
        catch (TokenResponseException exception)
        {
            // The error code and description from the token endpoint; never the assertion or the refresh token.
            throw new ConnectorException($"Google OAuth token request failed: {exception.Error?.Error} {exception.Error?.ErrorDescription}".TrimEnd(), exception);
        }
        catch (HttpRequestException exception)
        {
            throw new ConnectorException($"Google OAuth token endpoint unreachable: {exception.Message}", exception);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}

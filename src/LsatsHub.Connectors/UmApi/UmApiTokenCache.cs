using System.Globalization;
using System.Text.Json.Nodes;

namespace LsatsHub.Connectors.UmApi;

/// <summary>
/// The OAuth2 client-credentials token: fetched on first use, reused until <see cref="UmApiOptions.TokenRefreshMargin"/>
/// before <c>expires_in</c> runs out, dropped when the gateway answers 401 to it.
/// </summary>
internal sealed class UmApiTokenCache(UmApiTransport transport, UmApiOptions options, TimeProvider clock) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _renewAt;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is null || clock.GetUtcNow() >= _renewAt)
            {
                (_token, _renewAt) = await RequestAsync(cancellationToken).ConfigureAwait(false);
            }

            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets <paramref name="rejected"/> so the next <see cref="GetAsync"/> fetches a new token (unless another caller already did).</summary>
    public void Invalidate(string rejected)
    {
        _gate.Wait();
        try
        {
            if (_token == rejected)
            {
                _token = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<(string Token, DateTimeOffset RenewAt)> RequestAsync(CancellationToken cancellationToken)
    {
        var description = $"token request to {Http.HttpRetryBudget.SafeUrl(options.TokenUrl)}";
        var response = await transport.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, options.TokenUrl)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = options.ClientKey,
                    ["client_secret"] = options.ClientSecret,
                    ["scope"] = options.Scope,
                }),
            },
            description,
            isTokenRequest: true,
            cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            // The body of an OAuth2 error names the error (invalid_client, invalid_scope) and never echoes the secret.
            throw new ConnectorException($"UMich API {description} was refused (HTTP {response.Status}): {response.ErrorText}");
        }

        var token = response.Json?["access_token"] is JsonValue tokenValue && tokenValue.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new ConnectorException($"UMich API {description} answered without an access_token.");
        var lifetime = TimeSpan.FromSeconds(ExpiresIn(response.Json!["expires_in"], description));
        var margin = lifetime > options.TokenRefreshMargin * 2 ? options.TokenRefreshMargin : lifetime / 2;
        return (token, clock.GetUtcNow() + lifetime - margin);
    }

    private static double ExpiresIn(JsonNode? node, string description)
    {
        if (node is JsonValue value)
        {
            if (value.TryGetValue<double>(out var number) && number > 0)
            {
                return number;
            }

            if (value.TryGetValue<string>(out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && number > 0)
            {
                return number;
            }
        }

        throw new ConnectorException($"UMich API {description} answered without a positive expires_in.");
    }
}

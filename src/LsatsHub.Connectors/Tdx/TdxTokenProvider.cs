using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Polly.Timeout;
using Refit;

namespace LsatsHub.Connectors.Tdx;

/// <summary>
/// Holds the bearer token: logs in on first use, reuses the token until shortly before its <c>exp</c> claim, and logs
/// in again when a call was rejected with 401 (once per rejected token, however many calls saw it). A static
/// <c>TDX_API_TOKEN</c> is used as is. The token is never logged.
/// </summary>
internal sealed class TdxTokenProvider(TdxConnection connection, TimeProvider clock, TdxTuning tuning, ILogger<TdxTokenProvider> logger)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private string? _token;
    private DateTimeOffset? _expires;

    /// <summary>True when a rejected token can be replaced by logging in again.</summary>
    public bool CanRefresh => connection.Options.AuthMode != TdxAuthMode.StaticToken;

    /// <summary>A token that is not known to be expired.</summary>
    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        var options = connection.Options;
        if (options.AuthMode == TdxAuthMode.StaticToken)
        {
            return options.ApiToken!;
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is null || (_expires is { } expires && clock.GetUtcNow() >= expires - tuning.TokenRefreshSkew))
            {
                await LoginAsync(options, cancellationToken).ConfigureAwait(false);
            }

            return _token!;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Forgets <paramref name="rejected"/> so the next <see cref="GetAsync"/> logs in again (unless another call already did).</summary>
    public async Task InvalidateAsync(string rejected, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (string.Equals(_token, rejected, StringComparison.Ordinal))
            {
                _token = null;
                _expires = null;
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task LoginAsync(TdxOptions options, CancellationToken cancellationToken)
    {
        var admin = options.AuthMode == TdxAuthMode.AdminServiceAccount;
        var endpoint = admin ? "POST auth/loginadmin" : "POST auth";
        var body = admin
            ? new JsonObject { ["BEID"] = options.Beid, ["WebServicesKey"] = options.WebServicesKey }
            : new JsonObject { ["UserName"] = options.UserName, ["Password"] = options.Password };
        string text;
        try
        {
            using var response = admin
                ? await connection.Auth.LoginAdminAsync(body, cancellationToken).ConfigureAwait(false)
                : await connection.Auth.LoginAsync(body, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                // The body is not quoted: a login error page may repeat what was sent.
                throw new ConnectorException($"TDX login failed: {endpoint} at {options.BaseUrl} answered {(int)response.StatusCode} {response.ReasonPhrase} (check {(admin ? "TDX_BEID / TDX_WEB_SERVICES_KEY" : "TDX_USERNAME / TDX_PASSWORD")}).");
            }

            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new ConnectorException($"TDX login failed: {endpoint} at {options.BaseUrl} could not be reached: {exception.Message}", exception);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
            && (exception is ApiRequestException { InnerException: { } inner } ? inner : exception) is TimeoutRejectedException or OperationCanceledException)
        {
            var url = new Uri(options.BaseUrl.AbsoluteUri.TrimEnd('/') + "/" + endpoint[(endpoint.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            throw new ConnectorException("TDX login failed: " + tuning.Retry.TimedOutMessage("TDX", "POST", url, tuning.Retry.MaxAttempts), exception);
        }

        var token = text.Trim().Trim('"').Trim();
        if (token.Length == 0)
        {
            throw new ConnectorException($"TDX login failed: {endpoint} answered success with an empty body instead of a token.");
        }

        _token = token;
        _expires = ExpiryOf(token);
        logger.LogInformation("Logged in to TDX {Environment} via {Endpoint}; token valid until {Expires}", options.Environment, endpoint, _expires?.ToString("O") ?? "unknown");
    }

    /// <summary>The JWT's <c>exp</c> claim; null when the token is not a readable JWT (then only a 401 replaces it).</summary>
    private static DateTimeOffset? ExpiryOf(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload += new string('=', (4 - (payload.Length % 4)) % 4);
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return document.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
